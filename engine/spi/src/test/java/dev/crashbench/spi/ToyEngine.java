package dev.crashbench.spi;

import dev.crashbench.vfs.Vfs;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The smallest engine description: one option, and no session (the registry and the grammar never open one). */
public final class ToyEngine implements EngineUnderTest {
    static final ToyEngine INSTANCE = new ToyEngine();

    @Override
    public String id() {
        return "toy";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Map<String, String> defaults() {
        return Map.of("sync", "true");
    }

    @Override
    public EngineConfiguration configure(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!defaults().containsKey(key)) {
                throw OptionText.unknownKey(id(), key, defaults().keySet());
            }
        }
        boolean sync = Boolean.parseBoolean(options.getOrDefault("sync", "true"));
        EngineUnderTest engine = this;
        return new EngineConfiguration() {
            @Override
            public EngineUnderTest engine() {
                return engine;
            }

            @Override
            public Map<String, String> options() {
                return Map.of("sync", Boolean.toString(sync));
            }

            @Override
            public DurabilityPromise durability() {
                return sync ? DurabilityPromise.EVERY_COMMIT : DurabilityPromise.NONE;
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.noneOf(Capability.class);
            }

            @Override
            public EngineSession open(Vfs vfs, String path) {
                throw new UnsupportedOperationException("the toy engine only describes itself");
            }

            @Override
            public FailureKind classify(Throwable failure) {
                return FailureKind.BUG;
            }
        };
    }
}
