package dev.crashbench.bench.matrix;

/** What the matrix decides for one row. */
public enum MatrixVerdict {
    /** The row every other is compared with. */
    BASELINE("baseline"),
    /** Gated and counted, commit p95 improved on the baseline, and no guardrail regressed beyond the noise. */
    ACCEPTED("ACCEPTED"),
    /** The gate did not count the configuration: it found a violation, or never exercised the optimization. */
    REJECTED_GATE("REJECTED (gate)"),
    /** Counted, but commit p95 did not improve, or a guardrail regressed beyond the run's noise. */
    REJECTED_REGRESSION("REJECTED (regression)"),
    /** Not decided: a declared conflict skipped it, the baseline was not counted, or a figure is missing. */
    NOT_JUDGED("not judged");

    private final String text;

    MatrixVerdict(String text) {
        this.text = text;
    }

    /** As the table prints it. */
    public String text() {
        return text;
    }
}
