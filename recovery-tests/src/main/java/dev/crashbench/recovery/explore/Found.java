package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.oracle.Violation;

/**
 * A violation the explorer found, with the case that reproduces it.
 *
 * @param crashCase  the case; running it again gives the same violation
 * @param violation  the violation
 * @param reproduced whether re-running the case from scratch gave the same rule (it always should;
 *                   false means the simulation is not deterministic, itself a bug to report)
 */
public record Found(CrashCase crashCase, Violation violation, boolean reproduced) {
}
