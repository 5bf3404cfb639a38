package dev.crashbench.torture.cli;

import dev.crashbench.engine.UnsafeMutation;
import java.util.Map;

/** Engine options as one short line: the safe ones, then only the unsafe mutations that are on. */
final class OptionsText {
    private OptionsText() {
    }

    /** {@code durability=full cache_size_pages=16 ... (no unsafe option)}, from {@code EngineOptions.toKeyValues()}. */
    static String compact(Map<String, String> keyValues) {
        StringBuilder line = new StringBuilder();
        boolean unsafe = false;
        for (Map.Entry<String, String> e : keyValues.entrySet()) {
            boolean mutation = e.getKey().startsWith(UnsafeMutation.KEY_PREFIX);
            if (mutation && !Boolean.parseBoolean(e.getValue())) {
                continue;
            }
            unsafe |= mutation;
            line.append(line.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return unsafe ? line + " (UNSAFE)" : line + " (no unsafe option)";
    }
}
