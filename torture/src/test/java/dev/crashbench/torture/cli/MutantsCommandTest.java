package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.torture.campaign.MutantsReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crashbench mutants} on a subset of mutations and a small budget. */
class MutantsCommandTest {
    @TempDir
    Path dir;

    @Test
    void detectedMutationsAndACleanHealthyEnginePass() throws Exception {
        CliRun run = CliRun.of("mutants", "--mutation", "unsafe_sync_is_noop,unsafe_accept_stale_salt",
                "--states", "3000", "--out", dir.toString());
        assertEquals(ExitCodes.OK, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("PASSED"), run.out());
        MutantsReport report = MutantsReport.read(dir.resolve("mutants.json"));
        assertTrue(report.passed());
        assertEquals(2, report.mutations().size());
        for (MutantsReport.Row row : report.mutations()) {
            assertTrue(row.detected(), row.name());
            assertTrue(row.states() > 0 && row.states() <= 3000, row.name() + ": " + row.states());
            assertEquals(row.rule(), ReplayCodec.read(dir.resolve(row.replayFile())).violation().rule().name());
        }
        assertFalse(report.healthy().detected());
        assertEquals(3000, report.healthy().states());
    }

    @Test
    void aMutationTheBudgetCannotCatchFailsTheSelfTest() throws Exception {
        // Retrying a sync after EIO needs a failed sync and then a cut, which this budget does not reach.
        CliRun run = CliRun.of("mutants", "--mutation", "unsafe_retry_sync_after_eio", "--states", "500",
                "--out", dir.toString());
        assertEquals(ExitCodes.VIOLATION, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("FAILED: unsafe_retry_sync_after_eio went undetected"), run.out());
        assertFalse(MutantsReport.read(dir.resolve("mutants.json")).passed());
    }

    @Test
    void anUnknownMutationIsAUsageError() {
        CliRun run = CliRun.of("mutants", "--mutation", "unsafe_everything", "--out", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exit());
        assertTrue(run.err().contains("unknown mutation 'unsafe_everything'"), run.err());
    }
}
