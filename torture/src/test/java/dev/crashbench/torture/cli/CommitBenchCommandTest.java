package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The commit benchmark (the bench's commit workload, ungated) runs end to end, tiny, under target/. Timing is not asserted. */
class CommitBenchCommandTest {

    @Test
    void smallRunPrintsEngineFloorRatiosAndAllocation() {
        String dir = Path.of("target", "commit-bench-test").toAbsolutePath().toString();
        CliRun r = CliRun.of("commit-bench", "--dir", dir, "--commits", "20", "--warmup", "5", "--rounds", "3");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        for (String what : new String[] {"| crashbench | NOT_GATED |", "| floor | NOT_GATED |", "bytes allocated / commit",
                "p50 / floor", "not gated"}) {
            assertTrue(r.out().contains(what), what + " missing: " + r.out());
        }
        assertTrue(r.out().contains(dir), "the report names the directory: " + r.out());
    }

    @Test
    void badUsageIsRejected() {
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-bench", "--commits", "0").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-bench", "--rounds", "2").exit());
        CliRun unknown = CliRun.of("commit-bench", "--engine-option", "no_such=1");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine option"), unknown.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-bench", "--engine-option", "durability").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("commit-bench", "--engine-option", "durability=sometimes").exit());
    }
}
