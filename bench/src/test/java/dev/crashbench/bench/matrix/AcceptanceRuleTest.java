package dev.crashbench.bench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The acceptance rule on made-up rounds: an improvement with quiet guardrails is ACCEPTED; a
 * guardrail worse than the baseline's own spread, or a commit p95 that did not improve, is
 * REJECTED (regression); a change inside the spread is noise.
 */
class AcceptanceRuleTest {

    /** Three rounds of a baseline with a 10 % spread on every metric (max - min = 0.1 x median). */
    static Map<Metric, List<Double>> baseline() {
        Map<Metric, List<Double>> b = new EnumMap<>(Metric.class);
        b.put(Metric.COMMIT_P95, List.of(100.0, 95.0, 105.0));
        b.put(Metric.READ_P95, List.of(10.0, 9.5, 10.5));
        b.put(Metric.JOIN_P95, List.of(1000.0, 950.0, 1050.0));
        b.put(Metric.INSERT_ROWS_PER_SECOND, List.of(100_000.0, 95_000.0, 105_000.0));
        b.put(Metric.SIZE_BYTES, List.of(1_000_000.0, 1_000_000.0, 1_000_000.0));
        return b;
    }

    static Map<Metric, List<Double>> scaled(Map<Metric, List<Double>> base, Metric metric, double factor) {
        Map<Metric, List<Double>> out = new EnumMap<>(base);
        out.put(metric, base.get(metric).stream().map(v -> v * factor).toList());
        return out;
    }

    @Test
    void aFasterCommitWithQuietGuardrailsIsAccepted() {
        Judgement j = AcceptanceRule.judge(baseline(), scaled(baseline(), Metric.COMMIT_P95, 0.8));
        assertEquals(MatrixVerdict.ACCEPTED, j.verdict(), j.reason());
        assertEquals(0.8, j.changes().get(Metric.COMMIT_P95).ratio(), 1e-9);
        assertTrue(j.reason().contains("-20.0%"), j.reason());
    }

    @Test
    void aJoinWorseThanTheNoiseIsARegression() {
        Map<Metric, List<Double>> candidate = scaled(scaled(baseline(), Metric.COMMIT_P95, 0.8), Metric.JOIN_P95, 1.25);
        Judgement j = AcceptanceRule.judge(baseline(), candidate);
        assertEquals(MatrixVerdict.REJECTED_REGRESSION, j.verdict(), j.reason());
        assertTrue(j.reason().contains("join p95 +25.0%") && j.reason().contains("noise 10.0%"), j.reason());
        assertEquals(0.1, j.changes().get(Metric.JOIN_P95).noise(), 1e-9);
    }

    @Test
    void aChangeInsideTheNoiseIsNoRegression() {
        Map<Metric, List<Double>> candidate = scaled(scaled(baseline(), Metric.COMMIT_P95, 0.9), Metric.READ_P95, 1.08);
        Judgement j = AcceptanceRule.judge(baseline(), candidate);
        assertEquals(MatrixVerdict.ACCEPTED, j.verdict(), j.reason());
    }

    @Test
    void fewerInsertedRowsPerSecondIsARegressionAndMoreIsNot() {
        Map<Metric, List<Double>> faster = scaled(baseline(), Metric.COMMIT_P95, 0.9);
        assertEquals(MatrixVerdict.REJECTED_REGRESSION, AcceptanceRule.judge(baseline(),
                scaled(faster, Metric.INSERT_ROWS_PER_SECOND, 0.8)).verdict());
        assertEquals(MatrixVerdict.ACCEPTED, AcceptanceRule.judge(baseline(),
                scaled(faster, Metric.INSERT_ROWS_PER_SECOND, 1.5)).verdict());
    }

    @Test
    void aDeterministicSizeHasNoNoiseSoAnyGrowthRegresses() {
        Map<Metric, List<Double>> candidate = scaled(scaled(baseline(), Metric.COMMIT_P95, 0.5), Metric.SIZE_BYTES, 1.01);
        Judgement j = AcceptanceRule.judge(baseline(), candidate);
        assertEquals(MatrixVerdict.REJECTED_REGRESSION, j.verdict(), j.reason());
        assertTrue(j.reason().startsWith("size +1.0%"), j.reason());
    }

    @Test
    void aCommitThatDidNotImproveIsRejectedEvenWithBetterGuardrails() {
        Map<Metric, List<Double>> candidate = scaled(baseline(), Metric.JOIN_P95, 0.5);
        Judgement j = AcceptanceRule.judge(baseline(), candidate);
        assertEquals(MatrixVerdict.REJECTED_REGRESSION, j.verdict(), j.reason());
        assertTrue(j.reason().contains("commit p95 did not improve"), j.reason());
    }

    @Test
    void aRatioIsTakenPerRoundSoDriftSharedByBothSidesCancels() {
        Map<Metric, List<Double>> base = baseline();
        base.put(Metric.COMMIT_P95, List.of(100.0, 200.0, 300.0)); // the machine drifted 3x across rounds
        Map<Metric, List<Double>> candidate = scaled(base, Metric.COMMIT_P95, 0.95);
        Judgement j = AcceptanceRule.judge(base, candidate);
        assertEquals(MatrixVerdict.ACCEPTED, j.verdict(), j.reason());
        assertEquals(0.95, j.changes().get(Metric.COMMIT_P95).ratio(), 1e-9);
    }

    @Test
    void aMissingMetricIsNotJudged() {
        Map<Metric, List<Double>> candidate = scaled(baseline(), Metric.COMMIT_P95, 0.5);
        candidate.remove(Metric.JOIN_P95);
        Judgement j = AcceptanceRule.judge(baseline(), candidate);
        assertEquals(MatrixVerdict.NOT_JUDGED, j.verdict());
        assertTrue(j.reason().contains("join p95"), j.reason());
    }
}
