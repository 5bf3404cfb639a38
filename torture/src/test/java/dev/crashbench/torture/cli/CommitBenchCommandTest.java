package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The commit benchmark runs end to end (tiny, under target/) and rejects bad usage. Timing is not asserted. */
class CommitBenchCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void smallRunPrintsEngineFloorAndAllocation() {
        String dir = Path.of("target", "commit-bench-test").toAbsolutePath().toString();
        CliRun r = run("commit-bench", "--dir", dir, "--commits", "20", "--warmup", "5");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("engine"), r.out());
        assertTrue(r.out().contains("floor"), r.out());
        assertTrue(r.out().contains("bytes allocated per commit"), r.out());
        assertTrue(r.out().contains(dir), "the report names the directory: " + r.out());
    }

    @Test
    void badUsageIsRejected() {
        assertEquals(ExitCodes.USAGE, run("commit-bench", "--commits", "2").exit());
        CliRun unknown = run("commit-bench", "--engine-option", "no_such=1");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine option"), unknown.err());
        assertEquals(ExitCodes.USAGE, run("commit-bench", "--engine-option", "durability").exit());
        assertEquals(ExitCodes.USAGE, run("commit-bench", "--engine-option", "durability=sometimes").exit());
    }
}
