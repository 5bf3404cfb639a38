package dev.crashbench.recovery.fuzz;

import dev.crashbench.recovery.oracle.TableState;

/**
 * What reopening one damaged copy gave, before it is judged ({@link CorruptionFuzz#classify}):
 * exactly one of a table state read with a clean integrity check, an integrity report with
 * problems, a throwable, or nothing within the time limit.
 *
 * @param table         the table as a read saw it, when the open, the read and the integrity check passed
 * @param problems      integrity problems reported, 0 when none
 * @param thrown        what the open, the read or the integrity check threw, or null
 * @param timedOut      whether the case ran out of time
 */
record Observed(TableState table, int problems, Throwable thrown, boolean timedOut) {

    static Observed read(TableState table) {
        return new Observed(table, 0, null, false);
    }

    static Observed integrityProblems(int problems) {
        return new Observed(null, problems, null, false);
    }

    static Observed threw(Throwable thrown) {
        return new Observed(null, 0, thrown, false);
    }

    static Observed hung() {
        return new Observed(null, 0, null, true);
    }
}
