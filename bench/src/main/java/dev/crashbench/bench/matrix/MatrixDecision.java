package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Sample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides the baseline and every optimization alone in one regime's results: the gate first (a
 * configuration it did not count is REJECTED (gate)), then the {@link AcceptanceRule} against the
 * baseline, on the rounds both ran. The stack's steps are decided by {@link StackSteps}.
 */
public final class MatrixDecision {
    private MatrixDecision() {
    }

    public static List<MatrixLine> decide(MatrixPlan matrix, BenchResults results) {
        List<MatrixLine> lines = new ArrayList<>();
        GateResult baselineGate = results.gates().get(matrix.baseline());
        for (MatrixRow row : matrix.rows()) {
            if (row.contender().isEmpty()) {
                lines.add(new MatrixLine(row, Optional.empty(), MatrixVerdict.NOT_JUDGED, row.note(), Optional.empty()));
                continue;
            }
            String name = row.contender().get();
            Optional<BenchResults> measured = Optional.of(results);
            GateResult gate = results.gates().get(name);
            Optional<GateResult> g = Optional.ofNullable(gate);
            if (gate == null || gate.verdict() != Verdict.COUNTED) {
                lines.add(new MatrixLine(row, g, MatrixVerdict.REJECTED_GATE,
                        gate == null ? "not gated" : gate.verdict() + ": " + gate.reason(), measured));
            } else if (name.equals(matrix.baseline())) {
                lines.add(new MatrixLine(row, g, row.kind() == MatrixRow.Kind.BASELINE ? MatrixVerdict.BASELINE
                        : MatrixVerdict.NOT_JUDGED, row.kind() == MatrixRow.Kind.BASELINE ? "the reference of every Δ"
                        : "the same options as the baseline", measured));
            } else if (baselineGate == null || baselineGate.verdict() != Verdict.COUNTED) {
                lines.add(new MatrixLine(row, g, MatrixVerdict.NOT_JUDGED, "the baseline was not counted by the gate", measured));
            } else {
                Judgement j = judge(results, matrix.baseline(), name);
                lines.add(new MatrixLine(row, g, j.verdict(), j.reason(), measured));
            }
        }
        return lines;
    }

    /** The acceptance rule on the rounds in which both configurations measured every metric. */
    public static Judgement judge(BenchResults results, String baseline, String candidate) {
        Map<Metric, List<Double>> b = new EnumMap<>(Metric.class);
        Map<Metric, List<Double>> c = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            Map<Integer, Double> base = perRound(results, baseline, m);
            Map<Integer, Double> cand = perRound(results, candidate, m);
            List<Double> bv = new ArrayList<>();
            List<Double> cv = new ArrayList<>();
            for (Map.Entry<Integer, Double> e : base.entrySet()) {
                Double other = cand.get(e.getKey());
                if (other != null) {
                    bv.add(e.getValue());
                    cv.add(other);
                }
            }
            b.put(m, bv);
            c.put(m, cv);
        }
        return AcceptanceRule.judge(b, c);
    }

    private static Map<Integer, Double> perRound(BenchResults results, String engine, Metric m) {
        Map<Integer, Double> out = new TreeMap<>();
        for (Sample s : results.samples(engine, m.workload())) {
            Double v = s.measurement().values().get(m.key());
            if (v != null) {
                out.put(s.round(), v);
            }
        }
        return out;
    }
}
