package dev.crashbench.recovery.explore;

import dev.crashbench.spi.EngineConfiguration;
import java.util.Objects;

/**
 * Which engine, at which version, a crash case ran on: a replay runs only against the very same
 * ({@link dev.crashbench.spi.EngineUnderTest#id()} and {@link dev.crashbench.spi.EngineUnderTest#version()}).
 *
 * @param id      the engine's id
 * @param version the engine's version
 */
public record EngineId(String id, String version) {
    public EngineId {
        Objects.requireNonNull(id, "an engine id");
        Objects.requireNonNull(version, "an engine version");
    }

    /** The engine {@code configuration} configures. */
    public static EngineId of(EngineConfiguration configuration) {
        return new EngineId(configuration.engine().id(), configuration.engine().version());
    }

    public String describe() {
        return id + " " + version;
    }
}
