package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.torture.campaign.TortureSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crashbench replay} and {@code shrink}: what they say when the violation is gone, and on bad files. */
class ReplayCommandTest {
    @TempDir
    Path dir;
    private Path replay;
    private ReplayFile recorded;

    @BeforeEach
    void aViolationFromAnUnsafeEngine() throws Exception {
        CliRun run = CliRun.of("torture", "--engine-option", "unsafe_no_frame_checksum=true", "--tier", "exhaustive",
                "--states", "5000", "--no-progress", "--out", dir.toString());
        assertEquals(ExitCodes.VIOLATION, run.exit(), run.out() + run.err());
        replay = dir.resolve(TortureSummary.read(dir.resolve("summary.json")).violations().get(0).replayFile());
        recorded = ReplayCodec.read(replay);
    }

    @Test
    void theSameCaseOnTheFixedEngineDoesNotReproduce() throws Exception {
        Map<String, String> fixed = new TreeMap<>(recorded.crashCase().engineOptions());
        fixed.put("unsafe_no_frame_checksum", "false");
        CrashCase c = recorded.crashCase();
        Path healed = dir.resolve("healed.json");
        ReplayCodec.write(new ReplayFile(recorded.format(), recorded.formatVersion(), recorded.projectVersion(),
                recorded.violation(), new CrashCase(c.tier(), c.engine(), fixed, c.diskModel(), c.diskSeed(), c.workload(),
                c.runFaults(), c.fates(), c.second())), healed);

        CliRun run = CliRun.of("replay", healed.toString());
        assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("NOT REPRODUCED"), run.out());

        CliRun shrink = CliRun.of("shrink", healed.toString());
        assertEquals(ExitCodes.OK, shrink.exit(), shrink.out());
        assertTrue(shrink.out().contains("nothing to shrink"), shrink.out());
        assertFalse(Files.exists(ShrinkCommand.minimalBeside(healed)), "nothing is written");
    }

    @Test
    void missingForeignAndDamagedFilesAreUsageErrors() throws Exception {
        CliRun missing = CliRun.of("replay", dir.resolve("nope.json").toString());
        assertEquals(ExitCodes.USAGE, missing.exit());
        assertTrue(missing.err().contains("no replay file at"), missing.err());

        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, "{\"hello\": 1}");
        CliRun notOurs = CliRun.of("replay", foreign.toString());
        assertEquals(ExitCodes.USAGE, notOurs.exit());
        assertTrue(notOurs.err().contains("not a crashbench replay file"), notOurs.err());

        Path cut = dir.resolve("cut.json");
        String json = Files.readString(replay);
        Files.writeString(cut, json.substring(0, json.length() / 2));
        CliRun truncated = CliRun.of("shrink", cut.toString());
        assertEquals(ExitCodes.USAGE, truncated.exit());
        assertTrue(truncated.err().contains("not a valid replay file"), truncated.err());
        assertEquals(json, Files.readString(replay), "the original is untouched");
    }

    @Test
    void shrinkWritesWhereItIsTold() throws Exception {
        Path target = dir.resolve("sub/minimal.json");
        CliRun run = CliRun.of("shrink", replay.toString(), "--out", target.toString(), "--states-per-attempt", "3000");
        assertEquals(ExitCodes.VIOLATION, run.exit(), run.out() + run.err());
        assertEquals(recorded.violation().rule(), ReplayCodec.read(target).violation().rule());
    }
}
