package dev.crashbench.spi;

import java.util.Map;

/**
 * An engine the bench can torture, found by {@link #id()} through {@code META-INF/services}
 * ({@link Engines}). A user's engine implements this, {@link EngineConfiguration} and
 * {@link EngineSession}, and lists its class in
 * {@code META-INF/services/dev.crashbench.spi.EngineUnderTest}.
 */
public interface EngineUnderTest {
    /** The id a command line and a replay file name the engine by: lower case, no {@code :} or {@code ,}. */
    String id();

    /** The engine's version: a replay file records it, and refuses to replay against another. */
    String version();

    /** Every option key this engine knows, with its default value, in the engine's fixed order. */
    Map<String, String> defaults();

    /**
     * A configuration from options given as {@code key -> value} (parsed by {@link OptionText}),
     * every other option at its default.
     *
     * @throws IllegalArgumentException an unknown key (the message names it and lists the known
     *                                  ones, see {@link OptionText#unknownKey}), a bad value, or a
     *                                  combination the engine cannot run
     */
    EngineConfiguration configure(Map<String, String> options);

    /** {@link #configure(Map)} from the one grammar's text, {@code key=value[,key=value]}. */
    default EngineConfiguration configure(String options) {
        return configure(OptionText.parse(options));
    }
}
