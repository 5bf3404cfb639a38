package com.example.toykv;

import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.spi.OptionText;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A toy key-value engine, registered for crashbench through the engine-under-test SPI: every
 * commit writes the whole map to a new file and renames it over the old one ({@link ToyKvSession}).
 *
 * <p>Option {@code forget_directory_sync=true} is a deliberate durability bug: the rename is not
 * followed by a sync of its directory, so a power cut may bring back the previous file after the
 * commit was acknowledged. The example's tests expect crashbench to catch it.
 */
public final class ToyKvEngine implements EngineUnderTest {
    static final String FORGET_DIRECTORY_SYNC = "forget_directory_sync";

    @Override
    public String id() {
        return "toy-kv";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Map<String, String> defaults() {
        return Map.of(FORGET_DIRECTORY_SYNC, "false");
    }

    @Override
    public EngineConfiguration configure(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!defaults().containsKey(key)) {
                throw OptionText.unknownKey(id(), key, defaults().keySet());
            }
        }
        return new Configuration(this, Boolean.parseBoolean(options.getOrDefault(FORGET_DIRECTORY_SYNC, "false")));
    }

    private record Configuration(ToyKvEngine engine, boolean forgetDirectorySync) implements EngineConfiguration {
        @Override
        public Map<String, String> options() {
            return Map.of(FORGET_DIRECTORY_SYNC, Boolean.toString(forgetDirectorySync));
        }

        @Override
        public DurabilityPromise durability() {
            return DurabilityPromise.EVERY_COMMIT;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public EngineSession open(Vfs vfs, String path) throws IOException {
            return new ToyKvSession(vfs, path, forgetDirectorySync);
        }

        @Override
        public FailureKind classify(Throwable failure) {
            if (failure instanceof ToyKvSession.CorruptFileException) {
                return FailureKind.CORRUPTION_DETECTED;
            }
            if (failure instanceof ToyKvSession.FailStopException) {
                return FailureKind.REFUSED;
            }
            return failure instanceof IOException ? FailureKind.INDETERMINATE : FailureKind.BUG;
        }
    }
}
