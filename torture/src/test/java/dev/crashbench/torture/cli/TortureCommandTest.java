package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.torture.campaign.TortureSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crashbench torture}: budgets, exit codes, replay files and the summary, on small campaigns. */
class TortureCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCleanCampaignExitsZeroAndSummarizesWhatItChecked() throws Exception {
        Path out = dir.resolve("clean");
        CliRun run = CliRun.of("torture", "--tier", "exhaustive", "--states", "1500", "--no-progress",
                "--out", out.toString());
        assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("no violation"), run.out());
        TortureSummary summary = TortureSummary.read(out.resolve("summary.json"));
        assertEquals("CLEAN", summary.verdict());
        assertEquals(1500, summary.statesChecked());
        assertEquals(1500, summary.statesByTier().get("exhaustive"));
        assertEquals(0, summary.statesByTier().get("random"));
        assertEquals(0, summary.violations().size());
        assertTrue(summary.engineOptions().get("unsafe_sync_is_noop").equals("false"));
    }

    @Test
    void anUnsafeEngineFailsWithAReplayFileThatReplaysAndShrinks() throws Exception {
        Path out = dir.resolve("unsafe");
        CliRun run = CliRun.of("torture", "--engine-option", "unsafe_sync_is_noop=true", "--states", "5000",
                "--no-progress", "--out", out.toString());
        assertEquals(ExitCodes.VIOLATION, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("(UNSAFE)"), run.out());
        TortureSummary summary = TortureSummary.read(out.resolve("summary.json"));
        assertEquals("VIOLATION", summary.verdict());
        assertEquals(1, summary.violations().size(), "stops at the first violation by default");
        TortureSummary.ViolationEntry v = summary.violations().get(0);
        assertTrue(v.reproduced());
        Path replay = out.resolve(v.replayFile());
        ReplayFile file = ReplayCodec.read(replay);
        assertEquals(v.rule(), file.violation().rule().name());

        CliRun replayed = CliRun.of("replay", replay.toString());
        assertEquals(ExitCodes.VIOLATION, replayed.exit(), replayed.out() + replayed.err());
        assertTrue(replayed.out().contains("REPRODUCED (identical)"), replayed.out());

        CliRun shrunk = CliRun.of("shrink", replay.toString(), "--states-per-attempt", "4000");
        assertEquals(ExitCodes.VIOLATION, shrunk.exit(), shrunk.out() + shrunk.err());
        Path minimal = ShrinkCommand.minimalBeside(replay);
        ReplayFile min = ReplayCodec.read(minimal);
        assertEquals(file.violation().rule(), min.violation().rule());
        assertTrue(min.crashCase().workload().size() <= file.crashCase().workload().size());
        CliRun replayedMin = CliRun.of("replay", minimal.toString());
        assertEquals(ExitCodes.VIOLATION, replayedMin.exit(), replayedMin.out());
    }

    @Test
    void keepGoingCollectsMoreThanTheFirstViolation() throws Exception {
        Path out = dir.resolve("all");
        CliRun run = CliRun.of("torture", "--engine-option", "unsafe_sync_is_noop=true", "--tier", "exhaustive",
                "--states", "3000", "--keep-going", "--no-progress", "--out", out.toString());
        assertEquals(ExitCodes.VIOLATION, run.exit(), run.err());
        TortureSummary summary = TortureSummary.read(out.resolve("summary.json"));
        assertEquals(3000, summary.statesChecked(), "keep-going spends the whole budget");
        assertTrue(summary.violations().size() > 1, "violations: " + summary.violations().size());
        for (TortureSummary.ViolationEntry v : summary.violations()) {
            assertTrue(Files.isRegularFile(out.resolve(v.replayFile())), v.replayFile());
        }
    }

    @Test
    void theSameSeedFindsTheSameViolationAndShardsExploreOtherSeeds() throws Exception {
        String[] args = {"torture", "--engine-option", "unsafe_ack_before_sync=true", "--tier", "exhaustive",
                "--states", "4000", "--no-progress", "--out"};
        CliRun first = CliRun.of(concat(args, dir.resolve("a").toString()));
        CliRun second = CliRun.of(concat(args, dir.resolve("b").toString()));
        assertEquals(ExitCodes.VIOLATION, first.exit(), first.out() + first.err());
        String a = Files.readString(dir.resolve("a/replays/seed1-001-exhaustive-"
                + TortureSummary.read(dir.resolve("a/summary.json")).violations().get(0).rule().toLowerCase() + ".json"));
        String b = Files.readString(dir.resolve("b").resolve(
                TortureSummary.read(dir.resolve("b/summary.json")).violations().get(0).replayFile()));
        assertEquals(a, b, "the same campaign writes the same replay file, byte for byte");
        assertEquals(first.exit(), second.exit());

        CliRun shard2 = CliRun.of("torture", "--engine-option", "unsafe_ack_before_sync=true", "--tier",
                "exhaustive", "--states", "4000", "--no-progress", "--shard", "2/2", "--out",
                dir.resolve("s2").toString());
        assertEquals(ExitCodes.VIOLATION, shard2.exit());
        String s2 = Files.readString(dir.resolve("s2").resolve(
                TortureSummary.read(dir.resolve("s2/summary.json")).violations().get(0).replayFile()));
        assertNotEquals(a, s2, "shard 2/2 explores other seeds than shard 1/1");
    }

    @Test
    void theEngineIsNamedWithItsOptionsInOneSpecAndReplayFilesNameIt() throws Exception {
        Path out = dir.resolve("spec");
        CliRun run = CliRun.of("torture", "--engine", "reference:unsafe_sync_is_noop=true", "--states", "5000",
                "--no-progress", "--out", out.toString());
        assertEquals(ExitCodes.VIOLATION, run.exit(), run.out() + run.err());
        TortureSummary summary = TortureSummary.read(out.resolve("summary.json"));
        assertEquals("true", summary.engineOptions().get("unsafe_sync_is_noop"));
        assertEquals("16", summary.engineOptions().get("cache_size_pages"), "the reference engine's torture sizes");
        ReplayFile file = ReplayCodec.read(out.resolve(summary.violations().get(0).replayFile()));
        assertEquals("reference", file.crashCase().engine().id());
        assertEquals(ProjectVersion.get(), file.crashCase().engine().version());
    }

    @Test
    void badUsageExitsTwoAndNamesTheProblem() {
        assertUsage("unknown tier 'fast'", "torture", "--tier", "fast");
        assertUsage("unknown fault family 'fire'", "torture", "--faults", "power,fire");
        assertUsage("need 1 <= I <= N", "torture", "--shard", "0/2");
        assertUsage("--shard wants I/N", "torture", "--shard", "3");
        assertUsage("unknown option 'speed' for engine 'reference'", "torture", "--engine-option", "speed=11");
        assertUsage("unknown engine 'rocksdb'; known: h2, reference, sqlite", "torture", "--engine", "rocksdb");
        assertUsage("--engine-option wants KEY=VALUE", "torture", "--engine-option", "durability");
        assertUsage("budgets cannot be negative", "torture", "--states", "-5");
    }

    private void assertUsage(String message, String... args) {
        CliRun run = CliRun.of(concat(args, "--out", dir.resolve("usage").toString()));
        assertEquals(ExitCodes.USAGE, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains(message), run.err());
        assertTrue(!Files.exists(dir.resolve("usage/summary.json")), "bad usage writes nothing");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
