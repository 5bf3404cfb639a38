package dev.crashbench.bench.matrix;

import dev.crashbench.bench.report.Spread;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The optimization plan's acceptance rule, with the noise taken from the run itself.
 *
 * <p>For every metric, the configuration and the baseline ran back to back in each round, so the
 * comparison is the <b>per-round ratio</b> (configuration / baseline), summarized by its median
 * across rounds. The <b>noise</b> of a metric is the baseline's own round-to-round spread in the
 * same run: (max - min) / median of its per-round values.
 * <ul>
 *   <li>ACCEPTED when the median commit-p95 ratio is below 1 (commit p95 improves on the baseline)
 *       and no guardrail got worse by more than its noise: for point-read p95, join p95 and size,
 *       median ratio - 1 &le; noise; for insert rows/s, 1 - median ratio &le; noise;</li>
 *   <li>REJECTED (regression) otherwise, naming every metric that failed;</li>
 *   <li>not judged when a metric was not measured in some round of either side.</li>
 * </ul>
 * The gate comes first: a configuration the gate did not count never reaches this rule.
 */
public final class AcceptanceRule {
    private AcceptanceRule() {
    }

    /**
     * Judges a configuration against the baseline.
     *
     * @param baseline  per metric, the baseline's value in each round (index = round)
     * @param candidate per metric, the configuration's value in each round, in the same rounds
     */
    public static Judgement judge(Map<Metric, List<Double>> baseline, Map<Metric, List<Double>> candidate) {
        Map<Metric, Judgement.Change> changes = new EnumMap<>(Metric.class);
        List<String> missing = new ArrayList<>();
        for (Metric m : Metric.values()) {
            List<Double> b = baseline.getOrDefault(m, List.of());
            List<Double> c = candidate.getOrDefault(m, List.of());
            if (b.isEmpty() || b.size() != c.size()) {
                missing.add(m.title());
                continue;
            }
            changes.put(m, change(m, b, c));
        }
        if (!missing.isEmpty()) {
            return new Judgement(MatrixVerdict.NOT_JUDGED, "not measured in every round: " + String.join(", ", missing),
                    changes);
        }
        List<String> failed = new ArrayList<>();
        for (Metric m : Metric.values()) {
            Judgement.Change ch = changes.get(m);
            if (ch.regressed()) {
                failed.add(m.guardrail()
                        ? String.format(Locale.ROOT, "%s %+.1f%% is worse than the noise %.1f%%", m.title(), ch.percent(),
                                ch.noise() * 100)
                        : String.format(Locale.ROOT, "commit p95 did not improve (%+.1f%%)", ch.percent()));
            }
        }
        Judgement.Change commit = changes.get(Metric.COMMIT_P95);
        if (failed.isEmpty()) {
            return new Judgement(MatrixVerdict.ACCEPTED, String.format(Locale.ROOT,
                    "commit p95 %+.1f%%; no guardrail worse than its noise", commit.percent()), changes);
        }
        return new Judgement(MatrixVerdict.REJECTED_REGRESSION, String.join("; ", failed), changes);
    }

    private static Judgement.Change change(Metric m, List<Double> base, List<Double> cand) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            double b = base.get(i);
            // a zero baseline (nothing measured) against zero is no change; against anything else, infinitely worse
            ratios.add(b == 0 ? (cand.get(i) == 0 ? 1.0 : Double.POSITIVE_INFINITY) : cand.get(i) / b);
        }
        double ratio = Spread.of(ratios).median();
        Spread spread = Spread.of(base);
        double noise = spread.median() == 0 ? 0 : (spread.max() - spread.min()) / spread.median();
        boolean regressed;
        if (!m.guardrail()) {
            regressed = !(ratio < 1);
        } else if (m.higherIsWorse()) {
            regressed = ratio - 1 > noise;
        } else {
            regressed = 1 - ratio > noise;
        }
        return new Judgement.Change(ratio, noise, regressed);
    }

    /** The rule in words, for the report. */
    public static String describe() {
        return "ACCEPTED only when the configuration was COUNTED by the gate, its commit p95 improves on the baseline"
                + " (the median across rounds of its per-round ratio to the baseline is below 1), and no guardrail"
                + " (point-read p95, join p95, insert rows/s, size) is worse than the baseline by more than the run's"
                + " own noise, defined per metric as the baseline's round-to-round spread in this run: (max - min) /"
                + " median of its rounds. Otherwise REJECTED (gate) when the gate did not count it, else REJECTED"
                + " (regression), naming what failed.";
    }
}
