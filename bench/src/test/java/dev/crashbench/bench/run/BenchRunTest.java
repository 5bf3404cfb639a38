package dev.crashbench.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashbench.bench.Profile;
import dev.crashbench.bench.TestDirs;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.EngineOptionSets;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.H2;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.gate.GateStage;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.report.BenchOutput;
import dev.crashbench.bench.report.CommitChart;
import dev.crashbench.bench.storage.DataDirectory;
import dev.crashbench.bench.storage.MountTable;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.vfs.local.Backend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole bench run at tiny sizes on the build's disk, with a small gate, and every file it
 * writes. Figures are not asserted (timing is for the bench to measure, not for tests), only
 * that each exists, where it must, and nowhere else.
 */
class BenchRunTest {
    static BenchResults results;
    static Path out;
    static Gate gate;

    @BeforeAll
    static void runOnce() throws Exception {
        Path base = TestDirs.fresh("bench-run");
        out = base.resolve("out");
        gate = new Gate(Gate.SEED, List.of(
                new GateStage("exhaustive", EnumSet.of(Tier.EXHAUSTIVE), true, new Budget(0, 0, 1, true))));
        Profile tiny = new Profile(3, 5, 20, 200, 10, 50, 500, 100, 5, 20, 1, 3, 7, 20, 2, 5);
        List<Contender> contenders = List.of(ReferenceEngine.defaults(),
                EngineOptionSets.parse("nosync:unsafe_sync_is_noop=true"), Sqlite.full(), Sqlite.normal(), new H2(),
                new Floor(Backend.NIO));
        BenchPlan plan = new BenchPlan(tiny, contenders, EnumSet.allOf(Workload.class),
                DataDirectory.check(base.resolve("data"), false, MountTable.system()), out.resolve("replay"),
                Optional.of(gate));
        results = new BenchRun(plan, new PrintWriter(new StringWriter())).run();
        BenchOutput.write(results, gate, out);
    }

    @Test
    void everyContenderRanEveryWorkloadItTakesPartInInEveryRound() {
        for (Contender c : results.contenders()) {
            for (Workload w : Workload.values()) {
                List<Sample> samples = results.samples(c.name(), w);
                if (c.workloads().contains(w)) {
                    assertEquals(List.of(1, 2, 3), samples.stream().map(Sample::round).toList(), c.name() + " " + w);
                } else {
                    assertTrue(samples.isEmpty(), c.name() + " " + w);
                }
            }
        }
    }

    @Test
    void theGateCountsTheDefaultsAndRejectsTheBrokenSyncOnly() {
        assertEquals(Verdict.COUNTED, results.verdict("crashbench"));
        assertEquals(Verdict.REJECTED, results.verdict("nosync"));
        for (String name : List.of("sqlite-full", "sqlite-normal", "h2", "floor")) {
            assertEquals(Verdict.NOT_GATED, results.verdict(name), name);
        }
        assertFalse(results.rejectedSafeConfiguration(), "only an unsafe configuration was rejected");
        assertTrue(Files.isRegularFile(out.resolve("replay").resolve("nosync.replay.json")));
    }

    @Test
    void theRoundDirectoriesAreGoneAfterTheRun() throws Exception {
        try (var left = Files.list(results.storage().directory())) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void jsonLinesHoldOneObjectPerEngineWorkloadAndRound() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(out.resolve(BenchOutput.RESULTS));
        assertEquals(results.samples().size(), lines.size());
        Set<String> keys = new HashSet<>();
        for (String line : lines) {
            JsonNode o = json.readTree(line);
            String key = o.get("engine").asText() + "/" + o.get("workload").asText() + "/" + o.get("round").asInt();
            assertTrue(keys.add(key), "one line per engine, workload and round: " + key);
            assertEquals(results.verdict(o.get("engine").asText()).name(), o.get("gate").asText());
            assertEquals("device", o.get("regime").asText(), "the build's disk is the device regime");
            switch (o.get("workload").asText()) {
                case "commit", "read", "join" -> {
                    assertTrue(o.get("p50Us").asDouble() > 0 && o.get("p50Us").asDouble() <= o.get("p99Us").asDouble(), line);
                    assertTrue(o.has("p95Us") && o.has("maxUs") && o.has("meanUs") && o.has("count"), line);
                }
                case "api_commit" -> assertTrue(o.get("count").asInt() == 20 && o.get("writtenBytesPerOp").asDouble() > 0
                        && o.get("engine").asText().matches("crashbench|nosync"), line);
                case "protocol" -> assertTrue(o.get("count").asInt() == 20 && o.has("p999Us"), line);
                case "concurrent" -> {
                    for (int writers : List.of(1, 4, 8)) {
                        assertTrue(o.get("w" + writers + ".commitsPerSecond").asDouble() > 0, line);
                        assertTrue(o.get("w" + writers + ".p50Us").asDouble() > 0, line);
                        double spread = o.get("w" + writers + ".finishSpread").asDouble();
                        assertTrue(spread > 0 && spread <= 1 && (writers > 1 || spread == 1), line);
                    }
                }
                case "insert" -> assertTrue(o.get("rowsPerSecond").asDouble() > 0 && o.get("rows").asInt() == 500, line);
                case "size" -> assertTrue(o.get("bytes").asLong() > 0 && o.has("bytesWhileOpen"), line);
                default -> throw new AssertionError("unknown workload in " + line);
            }
        }
        assertEquals(5 * 6 * 3 + 4 * 3 + 2 * 3 + 3, lines.size(), "5 JDBC contenders x 6 workloads (size among them),"
                + " 4 of them concurrent, the 2 reference engine configurations through its API, and the floor's commits");
    }

    @Test
    void summaryJsonHasOneEntryPerConfigurationWithItsGateAndMedians() throws Exception {
        JsonNode root = new ObjectMapper().readTree(out.resolve(BenchOutput.SUMMARY).toFile());
        assertEquals("crashbench-bench-summary", root.get("format").asText());
        JsonNode engines = root.get("engines");
        assertEquals(results.contenders().size(), engines.size());
        for (JsonNode e : engines) {
            String name = e.get("name").asText();
            assertEquals(results.verdict(name).name(), e.get("gate").asText(), name);
            JsonNode w = e.get("workloads");
            assertTrue(w.get("commit").has("p50Us") && w.get("commit").has("p95Us") && w.get("commit").has("p99Us"), name);
            assertTrue(w.get("commit").has("p999Us") && w.get("commit").has("maxUs"), name);
            assertEquals(name.equals("crashbench") || name.equals("nosync"), w.get("commit").has("writtenBytesPerOp"),
                    "only the reference engine's writes are counted: " + name);
            if (!name.equals("floor")) {
                assertTrue(w.get("read").has("p99Us") && w.get("join").has("p50Us"), name);
                assertTrue(w.get("insert").get("rowsPerSecond").asDouble() > 0, name);
                assertTrue(w.get("size").get("bytes").asLong() > 0, name);
                assertTrue(w.get("protocol").has("p95Us"), name);
            } else {
                assertEquals(1, w.size(), "the floor only commits");
            }
        }
        JsonNode commit = engines.get(0).get("workloads").get("commit");
        assertTrue(commit.get("writtenBytesPerOp").asDouble() >= 512,
                "a durable one-row commit writes at least one sector's frame (a delta frame by default): " + commit);
        assertTrue(engines.get(0).get("gateEvents").get("COMMIT").asLong() > 0, "the gate counted its commits");
        JsonNode nosync = engines.get(1);
        assertEquals("nosync", nosync.get("name").asText());
        assertTrue(nosync.get("replayFile").asText().endsWith("nosync.replay.json"));
        assertTrue(nosync.has("violation"));
    }

    @Test
    void theReportAndTheChartLeaveTheRejectedConfigurationOutOfTheRanking() throws Exception {
        String report = Files.readString(out.resolve(BenchOutput.REPORT));
        String ranked = report.substring(report.indexOf("## Commit latency"), report.indexOf("## REJECTED"));
        String rejected = report.substring(report.indexOf("## REJECTED"));
        assertFalse(ranked.contains("nosync"), "nosync is in no table, ratio or ranking before the REJECTED part");
        assertTrue(report.contains("| nosync | REJECTED |"), "the configurations table names its verdict");
        assertTrue(rejected.contains("| nosync (not durable) | REJECTED |"), rejected);
        assertTrue(ranked.contains("| crashbench | COUNTED |"), ranked);
        assertTrue(report.contains(results.storage().directory().toString()) && report.contains(results.storage().fsType()));
        assertTrue(ranked.contains("p50 / floor") && ranked.contains("p50 / SQLite FULL"));
        assertEquals(List.of("crashbench", "sqlite-full", "sqlite-normal", "h2", "floor"), CommitChart.series(results));
        byte[] png = Files.readAllBytes(out.resolve(BenchOutput.CHART));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG file");
        assertEquals("true", System.getProperty("java.awt.headless"), "the chart was drawn headless");
    }
}
