package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The concurrent-writer benchmark runs end to end, tiny, under target/. Timing is not asserted. */
class CommitConcurrentCommandTest {

    @Test
    void smallRunPrintsEveryWriterCountForTheEngineAndSqliteFull() {
        String dir = Path.of("target", "commit-concurrent-test").toAbsolutePath().toString();
        CliRun r = CliRun.of("commit-concurrent", "--dir", dir, "--commits", "5", "--warmup", "1", "--rounds", "3");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        for (String engine : new String[] {"crashbench", "sqlite-full"}) {
            for (int writers : new int[] {1, 4, 8}) {
                String row = "| " + engine + " | NOT_GATED | " + writers + " |";
                assertTrue(r.out().contains(row), row + " missing: " + r.out());
            }
        }
        assertTrue(r.out().contains("durable commits/s") && r.out().contains("p99.9"), r.out());
        assertTrue(r.out().contains("not gated"), r.out());
    }

    @Test
    void badUsageIsRejected() {
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-concurrent", "--commits", "0").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-concurrent", "--rounds", "2").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-concurrent", "--engine-option", "wal_mmap=true",
                "--engine-option", "wal_dsync=true").exit(), "a declared conflict is refused");
    }
}
