package dev.crashbench.engine;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Two optimizations that cannot be switched on together, and why. The list is data, so every
 * place that takes engine options (the JDBC URL, the command line, replay files, the bench)
 * refuses the same combinations with the same sentence, naming both options.
 */
public record OptionConflict(Optimization first, Optimization second, String why) {

    /** Every combination the engine refuses. */
    public static final List<OptionConflict> ALL = List.of(
            new OptionConflict(Optimization.WAL_MMAP, Optimization.WAL_DSYNC,
                    "mapped stores never pass through the file's write calls, so O_DSYNC would make none of them"
                            + " durable; the mapped WAL is made durable by its range sync instead"));

    public OptionConflict {
        if (first == null || second == null || first == second) {
            throw new IllegalArgumentException("a conflict needs two different optimizations");
        }
    }

    /** The first declared conflict among {@code on}, if any. */
    public static Optional<OptionConflict> among(Set<Optimization> on) {
        return ALL.stream().filter(c -> on.contains(c.first) && on.contains(c.second)).findFirst();
    }

    /** The refusal: both option keys and the reason. */
    public String describe() {
        return first.key() + "=true and " + second.key() + "=true cannot be combined: " + why;
    }
}
