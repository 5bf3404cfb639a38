package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The SQL benchmark (the bench's read, insert and join workloads, ungated) runs with tiny sizes under target/. Timing is not asserted. */
class SqlBenchCommandTest {

    @Test
    void tinyRunReportsEveryMeasurementForBothEngines() {
        String dir = Path.of("target", "sql-bench-test").toAbsolutePath().toString();
        CliRun r = CliRun.of("sql-bench", "--dir", dir, "--allow-tmpfs", "--rows", "50", "--reads", "40",
                "--insert-rows", "300", "--users", "5", "--orders-per-user", "20", "--join-runs", "5", "--rounds", "3");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(dir), "the report names the directory: " + r.out());
        for (String what : new String[] {"Point read", "Batch insert", "Join", "rows/s", "Database size", "p95"}) {
            assertTrue(r.out().contains(what), what + " missing: " + r.out());
        }
        assertTrue(r.out().split("\\| crashbench \\| NOT_GATED \\|", -1).length >= 5, r.out());
        assertTrue(r.out().split("\\| sqlite-full \\| NOT_GATED \\|", -1).length >= 5, r.out());
    }

    @Test
    void badUsageIsRejected() {
        assertEquals(ExitCodes.USAGE, CliRun.of("sql-bench", "--rows", "0").exit());
        CliRun unknown = CliRun.of("sql-bench", "--engine-option", "no_such=1");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine option"), unknown.err());
    }
}
