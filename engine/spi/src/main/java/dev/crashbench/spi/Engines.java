package dev.crashbench.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The engines on the class path, found through {@code META-INF/services/dev.crashbench.spi.EngineUnderTest}
 * and named by id. An instance is a fixed list: load it once and pass it where engines are chosen.
 */
public final class Engines {
    private final Map<String, EngineUnderTest> byId;

    private Engines(Map<String, EngineUnderTest> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The engines {@code loader} can see. Two engines with one id are an error naming both classes. */
    public static Engines load(ClassLoader loader) {
        return of(ServiceLoader.load(EngineUnderTest.class, loader).stream().map(ServiceLoader.Provider::get)
                .toList());
    }

    /** The engines this class's own loader can see. */
    public static Engines installed() {
        return load(Engines.class.getClassLoader());
    }

    /** A registry of exactly these engines. */
    public static Engines of(List<EngineUnderTest> engines) {
        Map<String, EngineUnderTest> byId = new TreeMap<>();
        for (EngineUnderTest engine : engines) {
            EngineUnderTest other = byId.put(engine.id(), engine);
            if (other != null) {
                throw new IllegalStateException("two engines have the id '" + engine.id() + "': "
                        + other.getClass().getName() + " and " + engine.getClass().getName());
            }
        }
        return new Engines(byId);
    }

    /** The known ids, sorted. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The engine with this id; an unknown id is an error that lists the known ones. */
    public EngineUnderTest byId(String id) {
        EngineUnderTest engine = byId.get(id);
        if (engine == null) {
            throw new IllegalArgumentException("unknown engine '" + id + "'; known: "
                    + (byId.isEmpty() ? "none (no engine on the class path)" : String.join(", ", byId.keySet())));
        }
        return engine;
    }

    /** The configuration {@code spec} names. */
    public EngineConfiguration configure(EngineSpec spec) {
        return byId(spec.id()).configure(spec.options());
    }
}
