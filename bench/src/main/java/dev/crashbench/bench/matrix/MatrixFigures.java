package dev.crashbench.bench.matrix;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.bench.report.Aggregates;
import dev.crashbench.bench.report.Spread;
import dev.crashbench.bench.run.BenchResults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one matrix row in one regime, each a median across rounds (ratios taken per
 * round first): the columns of the plan's progress table.
 */
public final class MatrixFigures {
    /** The floor contender's name. */
    public static final String FLOOR = "floor";

    public static final String COMMIT_P50 = "commitP50Us";
    public static final String COMMIT_P95 = "commitP95Us";
    public static final String COMMIT_P99 = "commitP99Us";
    public static final String DELTA_P95 = "deltaP95Percent";
    public static final String OVER_SQLITE = "p95OverSqliteFull";
    public static final String OVER_FLOOR = "p95OverFloor";
    public static final String ALLOCATED = "bytesAllocatedPerCommit";
    public static final String WRITTEN = "bytesWrittenPerCommit";
    public static final String ALLOCATED_API = "bytesAllocatedPerCommitEngineApi";
    public static final String READ_P95 = "pointReadP95Us";
    public static final String JOIN_P95 = "joinP95Us";
    public static final String INSERT = "insertRowsPerSecond";
    public static final String SIZE = "sizeBytes";

    private MatrixFigures() {
    }

    /** Every figure of {@code engine} that was measured, by the keys above, in table order. */
    public static Map<String, Double> of(BenchResults results, String engine, String baseline) {
        Aggregates agg = new Aggregates(results);
        Map<String, Double> f = new LinkedHashMap<>();
        put(f, COMMIT_P50, agg.figure(engine, Workload.COMMIT, Latency.P50));
        put(f, COMMIT_P95, agg.figure(engine, Workload.COMMIT, Latency.P95));
        put(f, COMMIT_P99, agg.figure(engine, Workload.COMMIT, Latency.P99));
        agg.ratio(engine, baseline, Workload.COMMIT, Latency.P95).ifPresent(s -> f.put(DELTA_P95, (s.median() - 1) * 100));
        put(f, OVER_SQLITE, agg.ratio(engine, Sqlite.full().name(), Workload.COMMIT, Latency.P95));
        put(f, OVER_FLOOR, agg.ratio(engine, FLOOR, Workload.COMMIT, Latency.P95));
        put(f, ALLOCATED, agg.figure(engine, Workload.COMMIT, Latency.ALLOCATED));
        put(f, WRITTEN, agg.figure(engine, Workload.COMMIT, Latency.WRITTEN));
        put(f, ALLOCATED_API, agg.figure(engine, Workload.API_COMMIT, Latency.ALLOCATED));
        for (Metric m : Metric.values()) {
            if (m.guardrail()) {
                put(f, key(m), agg.figure(engine, m.workload(), m.key()));
            }
        }
        return f;
    }

    /** The figure key of a guardrail. */
    static String key(Metric m) {
        return switch (m) {
            case COMMIT_P95 -> COMMIT_P95;
            case READ_P95 -> READ_P95;
            case JOIN_P95 -> JOIN_P95;
            case INSERT_ROWS_PER_SECOND -> INSERT;
            case SIZE_BYTES -> SIZE;
        };
    }

    private static void put(Map<String, Double> f, String key, Optional<Spread> s) {
        s.ifPresent(v -> f.put(key, v.median()));
    }
}
