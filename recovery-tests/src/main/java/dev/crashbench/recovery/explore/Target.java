package dev.crashbench.recovery.explore;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.vfs.DiskModel;

/**
 * What is being tortured: the engine with these options on a simulated device of this model.
 *
 * @param options   the engine's options (unsafe mutations included, when asked for)
 * @param diskModel the device's guarantees; the worst case by default
 */
public record Target(EngineOptions options, DiskModel diskModel) {

    /** Small caches and a small WAL, so short workloads cross evictions, checkpoints and WAL resets. */
    public static EngineOptions torturedDefaults() {
        return EngineOptions.defaults().withCacheSizePages(16).withAutoCheckpointFrames(12)
                .withWalPreallocatedFrames(8);
    }

    public static Target defaults() {
        return new Target(torturedDefaults(), DiskModel.WORST_CASE);
    }
}
