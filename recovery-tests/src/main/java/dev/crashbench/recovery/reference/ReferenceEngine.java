package dev.crashbench.recovery.reference;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.OptionText;
import java.util.Map;

/**
 * The reference engine (id {@code reference}), at the project's version. Its options are
 * {@link EngineOptions}' keys (durability, sizes, every optimization, every unsafe mutation), each
 * applied with {@link EngineOptions#with(String, String)} to the defaults, and the combination
 * checked once all are given.
 */
public final class ReferenceEngine implements EngineUnderTest {
    public static final String ID = "reference";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return ProjectVersion.get();
    }

    @Override
    public Map<String, String> defaults() {
        return EngineOptions.defaults().toKeyValues();
    }

    @Override
    public ReferenceConfiguration configure(Map<String, String> options) {
        Map<String, String> known = defaults();
        EngineOptions parsed = EngineOptions.defaults();
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!known.containsKey(option.getKey())) {
                throw OptionText.unknownKey(ID, option.getKey(), known.keySet());
            }
            parsed = parsed.with(option.getKey(), option.getValue());
        }
        return configure(parsed.checkCombination());
    }

    /** The configuration of these options (already checked as a combination). */
    public ReferenceConfiguration configure(EngineOptions options) {
        return new ReferenceConfiguration(this, options.checkCombination());
    }

    /** The reference engine with {@code options}, for callers that build {@link EngineOptions} in code. */
    public static ReferenceConfiguration with(EngineOptions options) {
        return new ReferenceEngine().configure(options);
    }
}
