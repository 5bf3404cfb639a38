package dev.crashbench.bench.matrix;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.bench.measure.Size;
import dev.crashbench.bench.measure.Throughput;

/**
 * The figures the acceptance rule reads: the primary metric (commit p95) and the guardrails the
 * plan names (point-read p95, join p95, insert rows/s, database size), each with the direction
 * in which it gets worse.
 */
public enum Metric {
    COMMIT_P95("commit p95", Workload.COMMIT, Latency.P95, true),
    READ_P95("point-read p95", Workload.READ, Latency.P95, true),
    JOIN_P95("join p95", Workload.JOIN, Latency.P95, true),
    INSERT_ROWS_PER_SECOND("insert rows/s", Workload.INSERT, Throughput.ROWS_PER_SECOND, false),
    SIZE_BYTES("size", Workload.SIZE, Size.BYTES, true);

    private final String title;
    private final Workload workload;
    private final String key;
    private final boolean higherIsWorse;

    Metric(String title, Workload workload, String key, boolean higherIsWorse) {
        this.title = title;
        this.workload = workload;
        this.key = key;
        this.higherIsWorse = higherIsWorse;
    }

    public String title() {
        return title;
    }

    public Workload workload() {
        return workload;
    }

    /** The figure's key in the workload's measurement. */
    public String key() {
        return key;
    }

    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    /** The guardrails: every metric but commit p95. */
    public boolean guardrail() {
        return this != COMMIT_P95;
    }
}
