package dev.crashbench.spi;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * An engine with its options fixed ({@link EngineUnderTest#configure}): what a campaign tortures.
 * Immutable; opening it any number of times, on any {@link dev.crashbench.vfs.Vfs}, gives
 * independent sessions.
 */
public interface EngineConfiguration {
    /** The engine this configures. */
    EngineUnderTest engine();

    /**
     * Every option with its value, in the engine's fixed order: what a replay file records.
     * {@code engine().configure(options())} gives an equal configuration back.
     */
    Map<String, String> options();

    /** The commits this configuration promises to keep across a power cut: the oracle's floor. */
    DurabilityPromise durability();

    /** What the configuration can do beyond the basic session calls. */
    Set<Capability> capabilities();

    default boolean has(Capability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Opens the database at {@code path} on {@code vfs}, recovering it from what the files hold and
     * creating it when there are none. The engine may keep other files beside {@code path}.
     */
    EngineSession open(dev.crashbench.vfs.Vfs vfs, String path) throws IOException;

    /** What an exception this engine threw means (never called with a simulated disk's power cut). */
    FailureKind classify(Throwable failure);

    /** {@code id:key=value,...} with the options that differ from the engine's defaults, for messages. */
    default String describe() {
        return EngineSpec.of(this).toString();
    }
}
