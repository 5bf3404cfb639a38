package dev.crashbench.bench.gate;

import dev.crashbench.engine.EngineEvent;
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
 * @param events  how often each engine event happened in its workload runs (events never counted are absent)
 */
public record StageOutcome(GateStage stage, Map<String, String> options, long states, long seeds, double seconds,
                           boolean found, Map<EngineEvent, Long> events) {

    public StageOutcome {
        events = Map.copyOf(events);
    }
}
