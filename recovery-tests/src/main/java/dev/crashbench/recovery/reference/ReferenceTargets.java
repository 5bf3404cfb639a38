package dev.crashbench.recovery.reference;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.vfs.DiskModel;

/** The reference engine as the explorer's {@link Target}, with the options the campaigns torture it with. */
public final class ReferenceTargets {
    private ReferenceTargets() {
    }

    /** Small caches and a small WAL, so short workloads cross evictions, checkpoints and WAL resets. */
    public static EngineOptions torturedDefaults() {
        return EngineOptions.defaults().withCacheSizePages(16).withAutoCheckpointFrames(12)
                .withWalPreallocatedFrames(8);
    }

    /** The reference engine with {@code options} on a device of {@code diskModel}. */
    public static Target of(EngineOptions options, DiskModel diskModel) {
        return new Target(ReferenceEngine.with(options), diskModel);
    }

    /** {@link #torturedDefaults()} on the worst-case device. */
    public static Target defaults() {
        return of(torturedDefaults(), DiskModel.WORST_CASE);
    }
}
