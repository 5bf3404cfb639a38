package dev.crashbench.recovery.reference;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.DatabaseFailedException;
import dev.crashbench.engine.DatabaseLockedException;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.pager.SteppedCheckpoints;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The reference engine with fixed {@link EngineOptions}.
 *
 * <p>Every session runs its background checkpoints (with {@code background_checkpoint=true}) through
 * a {@link SteppedCheckpoints}: no thread; a step runs only when the bench calls
 * {@link dev.crashbench.spi.EngineSession#stepBackgroundWork}, or when a commit waits for a full WAL,
 * so a seed decides every interleaving and a replay repeats it.
 */
public final class ReferenceConfiguration implements EngineConfiguration {
    private final ReferenceEngine engine;
    private final EngineOptions options;
    private final Set<Capability> capabilities;

    ReferenceConfiguration(ReferenceEngine engine, EngineOptions options) {
        this.engine = engine;
        this.options = options;
        EnumSet<Capability> can = EnumSet.of(Capability.CHECKPOINT, Capability.INTEGRITY_CHECK,
                Capability.EVENT_COUNTS);
        if (options.has(Optimization.GROUP_COMMIT)) {
            can.add(Capability.ASYNC_COMMIT);
        }
        if (options.has(Optimization.BACKGROUND_CHECKPOINT)) {
            can.add(Capability.BACKGROUND_STEPS);
        }
        this.capabilities = Collections.unmodifiableSet(can);
    }

    /** The engine options this configuration runs with. */
    public EngineOptions engineOptions() {
        return options;
    }

    @Override
    public EngineUnderTest engine() {
        return engine;
    }

    @Override
    public Map<String, String> options() {
        return options.toKeyValues();
    }

    @Override
    public DurabilityPromise durability() {
        return switch (options.durability()) {
            case FULL -> DurabilityPromise.EVERY_COMMIT;
            case NORMAL -> DurabilityPromise.AT_CHECKPOINT;
            case OFF -> DurabilityPromise.NONE;
        };
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public ReferenceSession open(Vfs vfs, String path) throws IOException {
        SteppedCheckpoints steps = new SteppedCheckpoints();
        return new ReferenceSession(Database.open(vfs, path, options, steps), steps);
    }

    @Override
    public FailureKind classify(Throwable failure) {
        if (failure instanceof CorruptDatabaseException) {
            return FailureKind.CORRUPTION_DETECTED;
        }
        if (failure instanceof DatabaseFailedException || failure instanceof DatabaseLockedException) {
            return FailureKind.REFUSED;
        }
        return failure instanceof IOException ? FailureKind.INDETERMINATE : FailureKind.BUG;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceConfiguration other && other.options.equals(options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
