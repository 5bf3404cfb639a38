package dev.crashbench.recovery.explore;

import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.vfs.DiskModel;

/**
 * What is being tortured: an engine configuration on a simulated device of this model.
 *
 * @param engine    the engine with its options (unsafe ones included, when asked for)
 * @param diskModel the device's guarantees; the worst case by default
 */
public record Target(EngineConfiguration engine, DiskModel diskModel) {
    /** The engine and version crash cases of this target name. */
    public EngineId engineId() {
        return EngineId.of(engine);
    }
}
