package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.oracle.Oracle;

/**
 * The outcome of checking one crash state, as a worker computes it: the verdict and, for a
 * violation, what the exploration reports (its case, confirmed by a run from scratch).
 *
 * @param verdict the oracle's verdict, or null for a pass whose details nobody needs
 * @param found   the violation found, or null when the state passed
 */
record Checked(Oracle.Verdict verdict, Found found) {
    static final Checked PASSED = new Checked(null, null);

    boolean passed() {
        return found == null;
    }
}
