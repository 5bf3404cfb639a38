package dev.crashbench.bench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.bench.measure.Size;
import dev.crashbench.bench.measure.Throughput;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Machine;
import dev.crashbench.bench.run.Regime;
import dev.crashbench.bench.run.Sample;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The defaults rule: kept by the device's stack, or kept by the CPU path's stack without costing
 * the device anything beyond its noise. Synthetic rounds: the baseline's device commit p95 spreads
 * 180..190 µs (noise 5.4 %).
 */
class MatrixDefaultsTest {
    final MatrixPlan matrix = MatrixPlan.of(EngineOptions.baseline(),
            List.of(Optimization.WRITER_REUSE, Optimization.WAL_MMAP, Optimization.DELTA_FRAMES));

    @Test
    void cpuPathWinnersThatCostTheDeviceNothingAreRecommendedAndOnesThatCostItAreNot() {
        Map<String, double[]> deviceP95 = Map.of(
                "crashbench", new double[] {180, 190, 185},
                "writer_reuse", new double[] {183, 189, 186},   // within the noise
                "wal_mmap", new double[] {220, 229, 224},       // +21 %: beyond it
                "delta_frames", new double[] {181, 190, 186});
        MatrixRegime device = regime(Regime.DEVICE, deviceP95, EngineOptions.baseline());
        MatrixRegime cpu = regime(Regime.CPU_PATH, deviceP95, EngineOptions.baseline()
                .withOptimization(Optimization.WRITER_REUSE, true).withOptimization(Optimization.WAL_MMAP, true));

        MatrixDefaults d = MatrixDefaults.of(new MatrixResults(matrix, Map.of(), List.of(device, cpu), List.of()));

        assertEquals(EnumSet.of(Optimization.WRITER_REUSE), d.recommended());
        assertEquals("writer_reuse", d.keys());
        assertTrue(d.reasons().get(1).startsWith("wal_mmap: not recommended: kept by the CPU path's stack, but on the"
                + " device alone it was worse beyond the noise: commit p95 +"), d.reasons().get(1));
        assertEquals("delta_frames: not recommended: kept by neither regime's stack", d.reasons().get(2),
                "harmless on the device is not enough: it must have won somewhere");
    }

    @Test
    void whatTheDeviceKeptIsRecommendedAndWithoutADeviceRunNothingFromTheCpuPathIs() {
        Map<String, double[]> p95 = Map.of(
                "crashbench", new double[] {180, 190, 185},
                "writer_reuse", new double[] {170, 172, 171},
                "wal_mmap", new double[] {180, 190, 185},
                "delta_frames", new double[] {180, 190, 185});
        EngineOptions reuse = EngineOptions.baseline().withOptimization(Optimization.WRITER_REUSE, true);
        MatrixRegime device = regime(Regime.DEVICE, p95, reuse);
        assertEquals(Set.of(Optimization.WRITER_REUSE),
                MatrixDefaults.of(new MatrixResults(matrix, Map.of(), List.of(device), List.of())).recommended());

        MatrixRegime cpuOnly = regime(Regime.CPU_PATH, p95, reuse);
        MatrixDefaults d = MatrixDefaults.of(new MatrixResults(matrix, Map.of(), List.of(cpuOnly), List.of()));
        assertTrue(d.recommended().isEmpty(), d.reasons().toString());
        assertTrue(d.reasons().get(0).endsWith("no device regime ran"), d.reasons().get(0));
    }

    /** One regime whose alone rounds have the given commit p95 per configuration, every guardrail equal. */
    private MatrixRegime regime(Regime regime, Map<String, double[]> commitP95, EngineOptions kept) {
        List<Sample> samples = new ArrayList<>();
        Map<String, GateResult> gates = new LinkedHashMap<>();
        for (ReferenceEngine e : matrix.engines()) {
            gates.put(e.name(), new GateResult(e.name(), Verdict.COUNTED, List.of(), null, null, List.of(), Map.of(),
                    List.of()));
            double[] p95 = commitP95.get(e.name());
            for (int round = 1; round <= p95.length; round++) {
                samples.add(new Sample(e.name(), Workload.COMMIT, round, latency(p95[round - 1])));
                samples.add(new Sample(e.name(), Workload.READ, round, latency(3)));
                samples.add(new Sample(e.name(), Workload.JOIN, round, latency(20_000)));
                samples.add(new Sample(e.name(), Workload.INSERT, round, new Throughput(100_000, 0.5)));
                samples.add(new Sample(e.name(), Workload.SIZE, round, new Size(4_000_000, 4_000_000)));
            }
        }
        BenchResults alone = new BenchResults(Instant.EPOCH, Machine.current(), "", "", null, Profile.standard(),
                List.of(), new ArrayList<>(matrix.engines()), gates, samples, 0, 0, regime);
        List<MatrixLine> lines = MatrixDecision.decide(matrix, alone);
        return new MatrixRegime(alone, lines, List.of(), matrix.stackConfiguration(kept));
    }

    private static Latency latency(double p95) {
        return new Latency(1000, p95 * 0.9, p95, p95 * 1.1, p95 * 1.2, p95 * 1.5, p95 * 0.95, 0, 0);
    }
}
