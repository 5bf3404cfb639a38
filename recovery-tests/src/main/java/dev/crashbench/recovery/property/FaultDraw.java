package dev.crashbench.recovery.property;

import dev.crashbench.recovery.explore.FaultFamily;

/**
 * What a fault family's property draws besides the workload.
 *
 * @param family the family whose faults the run's plan injects (the power family: none but the cut)
 * @param seed  the seed of the run's fault plan and of its disk (garbage in torn sectors)
 * @param rate  the per-step probability of the family's fault, wherever it can strike
 * @param cutAt where the power cut falls, as a fraction of the run's steps (1 is after the last op)
 * @param midOp whether the cut strikes during its step's call (a write left pending) or before it
 * @param crash what survives the cut
 */
public record FaultDraw(FaultFamily family, long seed, double rate, double cutAt, boolean midOp, CrashDraw crash) {

    public FaultDraw {
        if (family == null || !(rate >= 0 && rate <= 1) || !(cutAt >= 0 && cutAt <= 1) || crash == null) {
            throw new IllegalArgumentException("a fault draw needs a family, a rate and a cut in [0, 1], and a survival");
        }
    }

    /** This draw with none of the family's faults: the same workload cut at the same point, the same survival. */
    public FaultDraw withoutFaults() {
        return new FaultDraw(family, seed, 0, cutAt, midOp, crash);
    }
}
