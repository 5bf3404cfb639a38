package dev.crashbench.bench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashbench.bench.Profile;
import dev.crashbench.bench.TestDirs;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.EngineOptionSets;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.GateStage;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Regime;
import dev.crashbench.bench.storage.DataDirectory;
import dev.crashbench.bench.storage.MountTable;
import dev.crashbench.bench.storage.StorageInfo;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.vfs.local.Backend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A matrix run at tiny sizes, with a tiny gate, in both regimes: wal_mmap, wal_dsync and
 * group_commit (so the stack meets the declared wal_mmap x wal_dsync conflict), plus an unsafe
 * configuration as a negative control that the gate must reject with a replay file that replays.
 * Figures are not asserted, only where they appear and how they are labelled.
 */
class MatrixRunTest {
    static MatrixPlan matrix;
    static MatrixResults results;
    static Path out;
    static String progress;

    @BeforeAll
    static void runOnce() throws Exception {
        Path base = TestDirs.fresh("matrix-run");
        out = base.resolve("out");
        Gate gate = new Gate(Gate.SEED, List.of(
                new GateStage("exhaustive", EnumSet.of(Tier.EXHAUSTIVE), true, new Budget(0, 0, 1, true))));
        Profile tiny = new Profile(3, 5, 20, 200, 10, 50, 500, 100, 5, 20, 1, 3, 7, 20, 2, 5);
        MatrixPlan three = MatrixPlan.of(EngineOptions.baseline(),
                List.of(Optimization.WAL_MMAP, Optimization.WAL_DSYNC, Optimization.GROUP_COMMIT));
        ReferenceEngine nosync = EngineOptionSets.parse("nosync:unsafe_sync_is_noop=true");
        List<MatrixRow> rows = new ArrayList<>(three.rows());
        rows.add(new MatrixRow("negative control: unsafe_sync_is_noop", MatrixRow.Kind.ALONE, Optional.empty(),
                Optional.of("nosync"), ""));
        List<ReferenceEngine> engines = new ArrayList<>(three.engines());
        engines.add(nosync);
        matrix = new MatrixPlan(rows, engines, three.baseline(), three.controls(), three.order());
        StorageInfo device = DataDirectory.check(base.resolve("device"), false, MountTable.system());
        Path shm = Path.of("/dev/shm");
        StorageInfo cpu = Files.isDirectory(shm) && Files.isWritable(shm)
                ? DataDirectory.checkCpuPath(shm.resolve("crashbench-matrix-test-" + ProcessHandle.current().pid()),
                        false, MountTable.system())
                : DataDirectory.checkCpuPath(base.resolve("cpu"), true, MountTable.system());
        StringWriter log = new StringWriter();
        try {
            results = new MatrixRun(matrix, tiny, EnumSet.allOf(Workload.class), gate, device, Optional.of(cpu),
                    out.resolve("replay"), Backend.NIO, new PrintWriter(log)).run();
            MatrixOutput.write(results, gate, out);
        } finally {
            if (cpu.memoryBacked()) {
                Files.deleteIfExists(cpu.directory());
            }
        }
        progress = log.toString();
    }

    @Test
    void bothRegimesRanEveryConfigurationWithTheGateRunOnce() {
        assertEquals(List.of(Regime.DEVICE, Regime.CPU_PATH), results.regimes().stream().map(MatrixRegime::regime).toList());
        for (MatrixRegime mr : results.regimes()) {
            BenchResults r = mr.alone();
            for (ReferenceEngine e : matrix.engines()) {
                assertEquals(3, r.samples(e.name(), Workload.COMMIT).size(), e.name() + " in " + r.regime());
                assertEquals(results.gates().get(e.name()), r.gates().get(e.name()), "one gate for both regimes");
            }
        }
        long gated = results.gates().values().stream().filter(g -> g.verdict() != Verdict.NOT_GATED).count();
        assertEquals(gated + matrix.controls().size(), progress.split("gate: .* is ", -1).length - 1,
                "each configuration (stack steps included) and each negative control gated once: " + progress);
    }

    @Test
    void theGateCountedItsEventsAndTheBaselineIsCounted() {
        GateResult baseline = results.gates().get(MatrixPlan.BASELINE);
        assertEquals(Verdict.COUNTED, baseline.verdict(), baseline.reason());
        assertTrue(baseline.count(EngineEvent.COMMIT) > 0, "the gate's workloads committed: " + baseline.events());
        for (ReferenceEngine e : matrix.engines()) {
            GateResult g = results.gates().get(e.name());
            for (Optimization o : e.options().optimizations()) {
                if (g.verdict() != Verdict.REJECTED) {
                    assertEquals(g.count(o.exercisedBy()) == 0, g.unexercised().contains(o), e.name() + " " + o);
                    assertEquals(g.unexercised().isEmpty() ? Verdict.COUNTED : Verdict.NOT_EXERCISED, g.verdict());
                }
            }
        }
    }

    @Test
    void everyCountedRowButTheBaselineIsJudgedByTheAcceptanceRule() {
        for (MatrixRegime mr : results.regimes()) {
            for (MatrixLine l : mr.lines()) {
                if (l.row().kind() == MatrixRow.Kind.STACK || l.row().label().startsWith("stack + ")) {
                    continue; // decided by StackSteps, against the stack it extends
                }
                BenchResults r = mr.alone();
                boolean counted = l.gate().map(g -> g.verdict() == Verdict.COUNTED).orElse(false);
                String name = l.row().contender().orElse("");
                if (!counted) {
                    assertTrue(l.verdict() == MatrixVerdict.REJECTED_GATE || l.row().kind() == MatrixRow.Kind.SKIPPED,
                            l.toString());
                } else if (name.equals(MatrixPlan.BASELINE)) {
                    assertEquals(MatrixVerdict.BASELINE, l.verdict());
                } else {
                    assertTrue(l.verdict() == MatrixVerdict.ACCEPTED || l.verdict() == MatrixVerdict.REJECTED_REGRESSION,
                            l.toString());
                    assertEquals(MatrixDecision.judge(r, MatrixPlan.BASELINE, name).verdict(), l.verdict());
                }
            }
        }
    }

    @Test
    void theUnsafeControlIsRejectedByTheGateWithAReplayFileThatReplays() throws Exception {
        GateResult g = results.gates().get("nosync");
        assertEquals(Verdict.REJECTED, g.verdict());
        assertNotNull(g.found(), "the campaign caught it, not only its name");
        ReplayFile file = ReplayCodec.read(g.replayFile());
        assertEquals(file.violation().rule(), CaseRunner.run(file.crashCase()).rule(), "the replay file replays");
        for (MatrixRegime r : results.regimes()) {
            MatrixLine line = r.lines().get(matrix.rows().size() - 1);
            assertEquals(MatrixVerdict.REJECTED_GATE, line.verdict());
        }
        String md = Files.readString(out.resolve(MatrixOutput.REPORT));
        assertTrue(md.contains("REJECTED: " + g.found().violation().rule().name() + ", replay `" + g.replayFile() + "`"),
                md);
        assertFalse(results.rejectedSafeConfiguration() && g.unsafeOptions().isEmpty());
    }

    @Test
    void theTableHasOneRowPerMatrixRowPerRegimeAndSaysWhatWasSkipped() throws Exception {
        String md = Files.readString(out.resolve(MatrixOutput.REPORT));
        assertTrue(md.contains("## Matrix, " + Regime.DEVICE.label()), md);
        assertTrue(md.contains("## Matrix, " + Regime.CPU_PATH.label()), md);
        for (MatrixRow row : matrix.rows()) {
            assertEquals(2, count(md, "| " + row.label() + " | "), row.label());
        }
        for (Optimization o : matrix.order()) {
            assertEquals(2, count(md, "| stack + " + o.key() + " | "), "one stack step per optimization per regime");
        }
        for (MatrixRegime r : results.regimes()) {
            assertTrue(md.contains("The stack kept in this regime: **" + r.kept().name() + "**"), md);
            for (MatrixLine l : r.lines()) {
                if (l.row().kind() == MatrixRow.Kind.SKIPPED && l.row().label().startsWith("stack + ")) {
                    assertTrue(l.reason().startsWith("not stacked: "), l.reason());
                }
            }
        }
        assertTrue(md.contains("## Defaults") && md.contains(MatrixDefaults.describe()), md);
        assertTrue(md.contains("| baseline (no optimization) | crashbench | COUNTED |"), md);
        assertTrue(md.contains(MatrixReport.COMMIT_MARKER), "the report says the commit marker is already in the last frame");
        assertTrue(md.contains(AcceptanceRule.describe()));
        for (MatrixRegime r : results.regimes()) {
            assertTrue(md.contains(r.alone().storage().directory().toString()), "where the files were: " + r.regime());
        }
        assertTrue(md.contains("CPU path, not durable: these latencies are the engine's own overhead"), md);
        assertTrue(md.contains("The plan's protocol") && md.contains("Concurrent writers"), md);
    }

    @Test
    void theJsonLabelsTheCpuPathNotDurableAndKeepsFiguresForCountedRowsOnly() throws Exception {
        JsonNode root = new ObjectMapper().readTree(out.resolve(MatrixOutput.JSON).toFile());
        assertEquals(MatrixJson.FORMAT, root.get("format").asText());
        JsonNode regimes = root.get("regimes");
        assertEquals(2, regimes.size());
        assertTrue(regimes.get(0).get("durable").asBoolean());
        assertFalse(regimes.get(1).get("durable").asBoolean());
        assertTrue(regimes.get(1).get("label").asText().startsWith("CPU path, not durable"));
        for (JsonNode regime : regimes) {
            assertEquals(matrix.rows().size() + matrix.order().size(), regime.get("rows").size());
            assertTrue(regime.has("keptStack"), regime.toString());
            for (JsonNode row : regime.get("rows")) {
                boolean counted = row.has("gate") && row.get("gate").asText().equals("COUNTED");
                assertEquals(counted, row.has("figures"), row.toString());
                if (counted) {
                    assertTrue(row.get("figures").has(MatrixFigures.COMMIT_P95), row.toString());
                    assertTrue(row.get("figures").has(MatrixFigures.WRITTEN), row.toString());
                    assertTrue(row.get("figures").has(MatrixFigures.OVER_FLOOR), row.toString());
                }
                if (row.has("gate")) {
                    assertTrue(row.get("gateEvents").has("COMMIT"), row.toString());
                    for (Optimization o : matrix.optimizationsOf(row.get("configuration").asText())) {
                        assertEquals(results.gates().get(row.get("configuration").asText()).count(o.exercisedBy()) > 0,
                                row.get("exercised").get(o.key()).asBoolean(), row.toString());
                    }
                }
            }
        }
    }

    @Test
    void aChartPerRegimeAndEachRegimesFullReport() throws Exception {
        for (Regime r : List.of(Regime.DEVICE, Regime.CPU_PATH)) {
            byte[] png = Files.readAllBytes(out.resolve("matrix-" + r.key() + ".png"));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', r.key());
            assertTrue(Files.isRegularFile(out.resolve(r.key()).resolve("report.md")), r.key());
        }
        for (MatrixRegime r : results.regimes()) {
            List<MatrixChart.Series> series = MatrixChart.series(r);
            assertFalse(series.stream().anyMatch(s -> s.name().equals("nosync")),
                    "a rejected configuration never enters a chart");
            for (MatrixChart.Series s : series) {
                Verdict v = s.rounds().verdict(s.name());
                assertTrue(v == Verdict.COUNTED || v == Verdict.NOT_GATED, s.name());
            }
        }
        String cpuReport = Files.readString(out.resolve(Regime.CPU_PATH.key()).resolve("report.md"));
        assertTrue(cpuReport.startsWith("# crashbench bench, ") && cpuReport.contains("CPU path, not durable"), cpuReport);
    }

    @Test
    void everyUnsafeVariantOfAMeasuredOptimizationIsGatedAsANegativeControl() throws Exception {
        List<String> expected = new ArrayList<>();
        for (dev.crashbench.engine.UnsafeMutation m : dev.crashbench.engine.UnsafeMutation.values()) {
            if (m.requires().filter(List.of(Optimization.WAL_MMAP, Optimization.WAL_DSYNC, Optimization.GROUP_COMMIT)::contains)
                    .isPresent()) {
                expected.add(MatrixPlan.CONTROL_PREFIX + m.key());
            }
        }
        assertEquals(expected, results.controls().stream().map(GateResult::engine).toList());
        String md = Files.readString(out.resolve(MatrixOutput.REPORT));
        for (GateResult g : results.controls()) {
            assertEquals(Verdict.REJECTED, g.verdict(), g.engine());
            assertTrue(md.contains("| " + g.unsafeOptions().get(0) + " | "), g.engine());
            if (g.found() != null) {
                assertTrue(Files.isRegularFile(g.replayFile()), g.engine());
            }
            for (MatrixRegime r : results.regimes()) {
                for (BenchResults phase : r.phases()) {
                    assertTrue(phase.samples(g.engine(), Workload.COMMIT).isEmpty(), "a control is gated, never measured");
                }
            }
        }
        JsonNode controls = new ObjectMapper().readTree(out.resolve(MatrixOutput.JSON).toFile()).get("negativeControls");
        assertEquals(results.controls().size(), controls.size());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
