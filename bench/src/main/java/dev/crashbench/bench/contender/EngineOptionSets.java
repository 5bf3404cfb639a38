package dev.crashbench.bench.contender;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.spi.EngineSpec;
import dev.crashbench.spi.OptionText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference engine configurations of the bench. On the command line one is an engine spec,
 * {@code reference[:KEY=VALUE,...]} ({@link EngineSpec}, as {@code torture --engine} takes it), named
 * {@code crashbench[KEY=VALUE,...]} after its options ({@link #of}). In code a configuration may
 * also carry a short name of its own: {@code [NAME:]KEY=VALUE[,KEY=VALUE...]} ({@link #parse}). The
 * options are in the one grammar of engine options ({@link OptionText}), each key an
 * {@link EngineOptions#with} key applied to the defaults.
 */
public final class EngineOptionSets {
    /** The id the engine-under-test SPI knows the reference engine by. */
    private static final String ENGINE_ID = dev.crashbench.recovery.reference.ReferenceEngine.ID;

    private EngineOptionSets() {
    }

    /**
     * The configuration {@code spec} names, with {@code extra} options applied after its own; named
     * {@code crashbench[KEY=VALUE,...]} after all of them.
     *
     * @throws IllegalArgumentException naming what is wrong: an engine the bench has no JDBC
     *                                  contender for, an unknown option or value, a clash
     */
    public static ReferenceEngine of(EngineSpec spec, Map<String, String> extra) {
        if (!spec.id().equals(ENGINE_ID)) {
            throw new IllegalArgumentException("the bench measures configurations of the reference engine only (SQLite"
                    + " and H2 run beside it in fixed configurations): want " + ENGINE_ID
                    + "[:KEY=VALUE,...], not '" + spec.id() + "'");
        }
        Map<String, String> all = new LinkedHashMap<>(spec.options());
        extra.forEach((key, value) -> {
            all.remove(key);
            all.put(key, value);
        });
        if (all.isEmpty()) {
            throw new IllegalArgumentException("'" + spec + "' gives no option: the defaults are measured anyway");
        }
        return parse(OptionText.format(all));
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
