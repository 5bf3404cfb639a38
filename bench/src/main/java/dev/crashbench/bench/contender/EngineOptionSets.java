package dev.crashbench.bench.contender;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.spi.OptionText;
import java.util.Map;

/**
 * Parses one reference engine configuration from the command line:
 * {@code [NAME:]KEY=VALUE[,KEY=VALUE...]}, the options in the one grammar of engine options
 * ({@link OptionText}), each key an {@link EngineOptions#with} key applied to the defaults. Without a name the configuration is called {@code crashbench[KEY=VALUE,...]}.
 * Example: {@code nosync:unsafe_sync_is_noop=true} or {@code durability=normal,cache_size_pages=500}.
 */
public final class EngineOptionSets {
    private EngineOptionSets() {
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static ReferenceEngine parse(String text) {
        String body = text.trim();
        String name = null;
        int colon = body.indexOf(':');
        if (colon >= 0) {
            name = body.substring(0, colon).trim();
            body = body.substring(colon + 1).trim();
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' gives no option: want [NAME:]KEY=VALUE[,KEY=VALUE...]");
        }
        EngineOptions options = EngineOptions.defaults();
        for (Map.Entry<String, String> option : OptionText.parse(body).entrySet()) {
            options = options.with(option.getKey(), option.getValue());
        }
        options.checkCombination();
        return new ReferenceEngine(name == null ? "crashbench[" + body.replace(" ", "") + "]" : name, options);
    }
}
