package dev.crashbench.bench.gate;

/** Whether a configuration's figures count. */
public enum Verdict {
    /**
     * Gated, and the campaign found nothing and took the code path of every optimization switched
     * on: its figures enter tables, rankings and charts.
     */
    COUNTED,
    /** Gated, and the campaign found a violation (or the configuration is unsafe by its own options): its figures are printed apart and never ranked or charted. */
    REJECTED,
    /**
     * Gated, the campaign found nothing, but it never took the code path of an optimization the
     * configuration switches on (its {@code exercisedBy} event was never counted): the campaign
     * proves nothing about that optimization, so the figures do not count. Not a violation: no
     * rule broke, and the exit code does not say one did.
     */
    NOT_EXERCISED,
    /** Not the reference engine (SQLite, H2, the floor), or a command that measures without the gate. */
    NOT_GATED;

    /** Whether figures with this verdict may be ranked and charted. */
    public boolean counts() {
        return this == COUNTED || this == NOT_GATED;
    }
}
