package dev.crashbench.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An engine and its options as one piece of text: {@code ID[:key=value[,key=value]...]}, the
 * options in {@link OptionText}'s grammar.
 *
 * @param id      the engine's {@link EngineUnderTest#id()}
 * @param options the options given, in the order given
 */
public record EngineSpec(String id, Map<String, String> options) {
    public EngineSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("an engine is named ID[:key=value,...], and the id is empty");
        }
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Parses {@code ID[:key=value,...]}. */
    public static EngineSpec parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new EngineSpec(text.trim(), Map.of())
                : new EngineSpec(text.substring(0, colon).trim(), OptionText.parse(text.substring(colon + 1)));
    }

    /** A configuration's spec: its engine's id and the options that differ from the engine's defaults. */
    public static EngineSpec of(EngineConfiguration configuration) {
        Map<String, String> defaults = configuration.engine().defaults();
        Map<String, String> changed = new LinkedHashMap<>();
        configuration.options().forEach((key, value) -> {
            if (!value.equals(defaults.get(key))) {
                changed.put(key, value);
            }
        });
        return new EngineSpec(configuration.engine().id(), changed);
    }

    @Override
    public String toString() {
        return options.isEmpty() ? id : id + ":" + OptionText.format(options);
    }
}
