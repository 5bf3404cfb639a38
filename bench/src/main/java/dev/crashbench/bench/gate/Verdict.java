package dev.crashbench.bench.gate;

/** Whether a configuration's figures count. */
public enum Verdict {
    /** Gated, and the campaign found nothing: its figures enter tables, rankings and charts. */
    COUNTED,
    /** Gated, and the campaign found a violation (or the configuration is unsafe by its own options): its figures are printed apart and never ranked or charted. */
    REJECTED,
    /** Not the reference engine (SQLite, H2, the floor), or a command that measures without the gate. */
    NOT_GATED
}
