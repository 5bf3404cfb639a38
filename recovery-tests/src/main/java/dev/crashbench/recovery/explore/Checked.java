package dev.crashbench.recovery.explore;

/**
 * The outcome of checking one crash state, as a worker computes it: passed, or the violation the
 * exploration reports (its case, confirmed by a run from scratch).
 *
 * @param found  the violation found, or null when the state passed
 * @param byTwin whether the verdict is that of an identical state checked before (no recovery ran)
 */
record Checked(Found found, boolean byTwin) {
    static final Checked PASSED = new Checked(null, false);
    static final Checked PASSED_BY_TWIN = new Checked(null, true);

    static Checked failed(Found found) {
        return new Checked(found, false);
    }

    boolean passed() {
        return found == null;
    }
}
