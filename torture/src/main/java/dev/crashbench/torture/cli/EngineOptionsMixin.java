package dev.crashbench.torture.cli;

import dev.crashbench.engine.EngineOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The repeatable {@code --engine-option KEY=VALUE} option, applied in order on top of a command's
 * base options. Unsafe options (the durability mutations) are accepted: torturing them is the point.
 */
public final class EngineOptionsMixin {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--engine-option", paramLabel = "KEY=VALUE",
            description = "Engine option, repeatable; together they form one configuration: "
                    + "durability=full|normal|off, cache_size_pages=N, "
                    + "auto_checkpoint_frames=N, wal_preallocated_frames=N, an optimization such as writer_reuse=true, "
                    + "or an unsafe mutation such as "
                    + "unsafe_sync_is_noop=true.")
    List<String> keyValues = new ArrayList<>();

    /**
     * The given options as {@code key -> value}, in order, a later one replacing an earlier one of
     * the same key; a malformed one is a usage error. Which keys exist is the engine's business.
     */
    public Map<String, String> keyValues() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String option : keyValues) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(mixee.commandLine(),
                        "--engine-option wants KEY=VALUE, got '" + option + "'");
            }
            pairs.remove(option.substring(0, eq).trim());
            pairs.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        return pairs;
    }

    /** {@code base} with every given option applied; a malformed or unknown one is a usage error. */
    public EngineOptions applyTo(EngineOptions base) {
        EngineOptions options = base;
        for (String option : keyValues) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(mixee.commandLine(),
                        "--engine-option wants KEY=VALUE, got '" + option + "'");
            }
            try {
                options = options.with(option.substring(0, eq), option.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                boolean wholeConfiguration = option.substring(0, eq).contains(":") || option.contains(",");
                throw new CommandLine.ParameterException(mixee.commandLine(), "--engine-option " + option + ": "
                        + e.getMessage() + (wholeConfiguration ? " (--engine-option takes one KEY=VALUE; a whole"
                        + " configuration is --engine reference:KEY=VALUE,...)" : ""));
            }
        }
        try {
            return options.checkCombination();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--engine-option: " + e.getMessage());
        }
    }
}
