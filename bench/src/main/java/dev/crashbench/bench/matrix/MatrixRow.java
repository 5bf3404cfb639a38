package dev.crashbench.bench.matrix;

import dev.crashbench.engine.Optimization;
import java.util.Optional;

/**
 * One row of the optimization matrix: the baseline, one optimization alone, or one step of the
 * cumulative stack. Rows that switch on the same options share one measured configuration.
 *
 * @param label      what the row shows, e.g. {@code wal_mmap alone} or {@code stack + wal_mmap}
 * @param kind       baseline, alone, stack step, or a stack step a declared conflict skipped
 * @param added      the optimization the row adds (empty for the baseline)
 * @param contender  the name of the configuration measured for it (empty for a skipped step)
 * @param note       why a step was skipped, or that a row measures the same options as another; empty otherwise
 */
public record MatrixRow(String label, Kind kind, Optional<Optimization> added, Optional<String> contender,
                        String note) {

    /** What a row is. */
    public enum Kind {
        BASELINE, ALONE, STACK, SKIPPED
    }
}
