package dev.crashbench.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one grammar of engine options, wherever they are written (command line, replay file, bench
 * configuration): {@code key=value[,key=value]...}. Keys and values are trimmed; a value holds no
 * {@code ,}; a key appears at most once; the empty text means no options. Keys are the engine's
 * business ({@link EngineUnderTest#configure}); this class only splits and joins.
 */
public final class OptionText {
    private OptionText() {
    }

    /**
     * The options in {@code text}, in the order written.
     *
     * @throws IllegalArgumentException a part without {@code =}, an empty key, or a key given twice
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return Collections.unmodifiableMap(options);
        }
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("engine option '" + part.trim() + "' is not key=value (options are"
                        + " written key=value[,key=value])");
            }
            String key = part.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("engine option '" + part.trim() + "' has no key");
            }
            if (options.put(key, part.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("engine option '" + key + "' is given twice");
            }
        }
        return Collections.unmodifiableMap(options);
    }

    /** {@code options} in the grammar {@link #parse} reads back. */
    public static String format(Map<String, String> options) {
        StringJoiner text = new StringJoiner(",");
        options.forEach((key, value) -> text.add(key + "=" + value));
        return text.toString();
    }

    /** The error for a key an engine does not know: it names the key and lists the known ones. */
    public static IllegalArgumentException unknownKey(String engineId, String key, Collection<String> known) {
        return new IllegalArgumentException("unknown option '" + key + "' for engine '" + engineId + "'; known: "
                + String.join(", ", known));
    }
}
