package dev.crashbench.recovery.h2;

import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.h2.api.ErrorCode;

/**
 * H2 with its options fixed.
 *
 * <p>Promise: every commit. A returned commit is what an application relies on; H2 documents that
 * with {@code WRITE_DELAY=0} a commit is written but not synced, so acknowledged commits can be
 * lost in a power cut, and the campaign must show it. With {@code checkpoint_sync=true} each commit
 * is followed by {@code CHECKPOINT SYNC}, which syncs the store file (but never its directory entry).
 *
 * <p>Capabilities: a checkpoint ({@code CHECKPOINT SYNC}); no integrity check (H2 has none over SQL;
 * reading the whole table walks every page of it).
 *
 * <p>Exceptions: H2's "file corrupted" is detected corruption; "database is closed" (H2 closes
 * the store after a write or sync error) is a refusal; any other error of H2 is I/O trouble inside
 * the call (H2 reports those under several codes), so indeterminate; anything that is not H2's error
 * is a bug.
 */
public final class H2EngineConfiguration implements EngineConfiguration {
    private final H2Engine engine;
    private final H2Config config;

    H2EngineConfiguration(H2Engine engine, H2Config config) {
        this.engine = engine;
        this.config = config;
    }

    @Override
    public EngineUnderTest engine() {
        return engine;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(H2Engine.WRITE_DELAY, Integer.toString(config.writeDelayMillis()));
        options.put(H2Engine.CHECKPOINT_SYNC, Boolean.toString(config.checkpointSync()));
        return options;
    }

    @Override
    public DurabilityPromise durability() {
        return DurabilityPromise.EVERY_COMMIT;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.CHECKPOINT);
    }

    /** Opens the store {@code path + ".mv.db"}; H2 recovers it (it finds the newest complete chunk). */
    @Override
    public H2Session open(Vfs vfs, String path) throws IOException {
        try {
            return H2Session.open(vfs, path, config);
        } catch (SQLException e) {
            throw new H2IoFailure(e);
        }
    }

    @Override
    public FailureKind classify(Throwable failure) {
        if (!(failure instanceof H2IoFailure wrapped)) {
            return FailureKind.BUG;
        }
        SQLException e = wrapped.h2();
        if (H2OnVfs.isCorruption(e)) {
            return FailureKind.CORRUPTION_DETECTED;
        }
        return e.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED ? FailureKind.REFUSED : FailureKind.INDETERMINATE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof H2EngineConfiguration other && other.config.equals(config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
