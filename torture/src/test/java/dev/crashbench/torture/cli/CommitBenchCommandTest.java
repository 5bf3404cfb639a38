package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The commit benchmark runs end to end (tiny, under target/) and rejects bad usage. Timing is not asserted. */
class CommitBenchCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CrashbenchCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void smallRunPrintsEngineFloorAndAllocation() {
        String dir = Path.of("target", "commit-bench-test").toAbsolutePath().toString();
        Run r = run("commit-bench", "--dir", dir, "--commits", "20", "--warmup", "5");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("engine"), r.out());
        assertTrue(r.out().contains("floor"), r.out());
        assertTrue(r.out().contains("bytes allocated per commit"), r.out());
        assertTrue(r.out().contains(dir), "the report names the directory: " + r.out());
    }

    @Test
    void badUsageIsRejected() {
        assertEquals(ExitCodes.USAGE, run("commit-bench", "--commits", "2").exit());
        Run unknown = run("commit-bench", "--engine-option", "no_such=1");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine option"), unknown.err());
        assertEquals(ExitCodes.USAGE, run("commit-bench", "--engine-option", "durability").exit());
        assertEquals(ExitCodes.USAGE, run("commit-bench", "--engine-option", "durability=sometimes").exit());
    }
}
