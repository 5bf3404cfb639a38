package dev.crashbench.bench.gate;

import java.util.Map;

/**
 * What one stage of the gate did.
 *
 * @param stage   the stage
 * @param options the engine options it ran, as {@code key=value}
 * @param states  crash states checked
 * @param seeds   seed indices completed
 * @param seconds how long it took
 * @param found   whether it found a violation (and stopped there)
 */
public record StageOutcome(GateStage stage, Map<String, String> options, long states, long seeds, double seconds,
                           boolean found) {
}
