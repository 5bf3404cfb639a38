package dev.crashbench.bench.matrix;

import java.util.Map;

/**
 * The acceptance rule's answer for one configuration against the baseline.
 *
 * @param verdict ACCEPTED, REJECTED (regression) or NOT_JUDGED (the gate's verdicts are decided before the rule runs)
 * @param reason  one line: what improved, what regressed and by how much against which noise
 * @param changes each metric's change against the baseline, where both were measured
 */
public record Judgement(MatrixVerdict verdict, String reason, Map<Metric, Change> changes) {

    public Judgement {
        changes = Map.copyOf(changes);
    }

    /**
     * One metric of a configuration against the baseline.
     *
     * @param ratio     the median across rounds of (configuration / baseline) in the same round
     * @param noise     the baseline's own round-to-round spread: (max - min) / median of its rounds
     * @param regressed whether it got worse by more than the noise (for commit p95: whether it failed to improve)
     */
    public record Change(double ratio, double noise, boolean regressed) {

        /** The change in percent, signed as measured (negative: smaller than the baseline). */
        public double percent() {
            return (ratio - 1) * 100;
        }
    }
}
