package dev.crashbench.bench.matrix;

import dev.crashbench.bench.run.Regime;
import dev.crashbench.engine.Optimization;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which optimizations a matrix run recommends as the engine's defaults.
 *
 * <p>Why not simply every optimization the device regime accepted: there, every durable commit
 * waits for the device's flush, so commit p95 sits at the floor whatever the engine spends before
 * it, and an optimization that only removes the engine's own overhead can never improve it beyond
 * the run's noise. Why not every optimization the CPU path accepted: there the sync is nearly
 * free, so an optimization that costs durable latency (an extra flush, a competing thread) can
 * look good. The rule takes both: kept by the device regime's stack; or kept by the CPU path's
 * stack and, alone on the device, counted by the gate with commit p95 and every guardrail within
 * the device run's own noise of the baseline.
 *
 * @param recommended the optimizations recommended, in plan order
 * @param reasons     one line per optimization of the matrix: recommended or not, and why
 */
public record MatrixDefaults(Set<Optimization> recommended, List<String> reasons) {

    public MatrixDefaults {
        recommended = recommended.isEmpty() ? Set.of() : EnumSet.copyOf(recommended);
        reasons = List.copyOf(reasons);
    }

    /** The rule in words, for the report. */
    public static String describe() {
        return "an optimization is recommended as a default when the device regime's stack kept it, or when the CPU"
                + " path's stack kept it and, alone on the device, the gate counted it and neither its commit p95 nor"
                + " any guardrail was worse than the baseline's by more than the device run's own noise (where every"
                + " durable commit waits for the flush, removing the engine's own overhead cannot show in a durable"
                + " p95, but it must not cost one).";
    }

    /** The recommendation of a run; without a CPU-path regime, only the device's stack counts. */
    public static MatrixDefaults of(MatrixResults results) {
        Optional<MatrixRegime> device = regime(results, Regime.DEVICE);
        Optional<MatrixRegime> cpu = regime(results, Regime.CPU_PATH);
        Set<Optimization> deviceKept = kept(device);
        Set<Optimization> cpuKept = kept(cpu);
        Set<Optimization> recommended = EnumSet.noneOf(Optimization.class);
        List<String> reasons = new ArrayList<>();
        for (Optimization o : results.matrix().order()) {
            if (deviceKept.contains(o)) {
                recommended.add(o);
                reasons.add(o.key() + ": recommended: kept by the device regime's stack");
            } else if (!cpuKept.contains(o)) {
                reasons.add(o.key() + ": not recommended: kept by neither regime's stack");
            } else if (device.isEmpty()) {
                reasons.add(o.key() + ": not recommended: kept by the CPU path's stack, but no device regime ran");
            } else {
                Optional<String> cost = deviceCost(results.matrix(), device.get(), o);
                if (cost.isEmpty()) {
                    recommended.add(o);
                    reasons.add(o.key() + ": recommended: kept by the CPU path's stack, and alone on the device within"
                            + " the noise on commit p95 and every guardrail");
                } else {
                    reasons.add(o.key() + ": not recommended: kept by the CPU path's stack, but on the device " + cost.get());
                }
            }
        }
        return new MatrixDefaults(recommended, reasons);
    }

    /** The recommended keys, comma-separated, in plan order. */
    public String keys() {
        List<String> keys = new ArrayList<>();
        for (Optimization o : Optimization.values()) {
            if (recommended.contains(o)) {
                keys.add(o.key());
            }
        }
        return String.join(", ", keys);
    }

    /** Empty when {@code o} alone on the device was counted and cost nothing beyond the noise; else what it cost. */
    private static Optional<String> deviceCost(MatrixPlan matrix, MatrixRegime device, Optimization o) {
        Optional<MatrixLine> alone = device.lines().stream()
                .filter(l -> l.row().kind() == MatrixRow.Kind.ALONE && l.row().added().equals(Optional.of(o)))
                .findFirst();
        if (alone.isEmpty() || !alone.get().hasFigures()) {
            return Optional.of("it was not counted and measured alone");
        }
        Judgement j = MatrixDecision.judge(alone.get().measuredIn().get(), matrix.baseline(),
                alone.get().row().contender().get());
        if (j.verdict() == MatrixVerdict.NOT_JUDGED) {
            return Optional.of("it was not judged: " + j.reason());
        }
        List<String> worse = new ArrayList<>();
        for (Metric m : Metric.values()) {
            Judgement.Change c = j.changes().get(m);
            boolean beyondNoise = m.guardrail() ? c.regressed()
                    : c.ratio() - 1 > c.noise();
            if (beyondNoise) {
                worse.add(String.format(Locale.ROOT, "%s %+.1f%% (noise %.1f%%)", m.title(), c.percent(), c.noise() * 100));
            }
        }
        return worse.isEmpty() ? Optional.empty() : Optional.of("alone it was worse beyond the noise: " + String.join(", ", worse));
    }

    private static Optional<MatrixRegime> regime(MatrixResults results, Regime r) {
        return results.regimes().stream().filter(x -> x.regime() == r).findFirst();
    }

    private static Set<Optimization> kept(Optional<MatrixRegime> regime) {
        return regime.map(r -> r.kept().options().optimizations()).orElse(Set.of());
    }
}
