package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code bench} refuses bad usage and RAM-backed data directories before measuring anything (the
 * whole run is tested in the bench module at tiny sizes).
 */
class BenchCommandTest {

    @Test
    void badConfigurationsOptionsAndRoundsAreUsageErrors() {
        CliRun unknown = CliRun.of("bench", "--engine", "reference:no_such=1");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine option 'no_such'"), unknown.err());
        CliRun sqlite = CliRun.of("bench", "--engine", "sqlite:synchronous=normal");
        assertEquals(ExitCodes.USAGE, sqlite.exit());
        assertTrue(sqlite.err().contains("configurations of the reference engine only"), sqlite.err());
        CliRun oldForm = CliRun.of("bench", "--engine-option", "nosync:unsafe_sync_is_noop=true");
        assertEquals(ExitCodes.USAGE, oldForm.exit());
        assertTrue(oldForm.err().contains("a whole configuration is --engine reference:KEY=VALUE"), oldForm.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--engine-option", "durability").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--engine", "reference").exit(), "no option given");
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--rounds", "2").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--workloads", "commit,nothing").exit());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--workloads", "size").exit(), "size needs insert");
        CliRun twice = CliRun.of("bench", "--engine", "reference:durability=normal", "--engine",
                "reference:durability=normal");
        assertEquals(ExitCodes.USAGE, twice.exit());
        assertTrue(twice.err().contains("'crashbench[durability=normal]'"), twice.err());
    }

    @Test
    void aTmpfsDataDirectoryIsRefusedWithItsFileSystem() {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm here");
        Path data = shm.resolve("crashbench-bench-cli-" + ProcessHandle.current().pid());
        try {
            CliRun r = CliRun.of("bench", "--quick", "--out", Path.of("target", "bench-refused").toString(),
                    "--data-dir", data.toString());
            assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("tmpfs") && r.err().contains("--allow-tmpfs"), r.err());
            assertTrue(!r.out().contains("gate:"), "nothing ran: " + r.out());
        } finally {
            data.toFile().delete();
        }
    }

    @Test
    void theMatrixRefusesEngineOptionsAndWorkloadsItsRuleNeeds() {
        CliRun options = CliRun.of("bench", "--matrix", "--engine-option", "durability=normal");
        assertEquals(ExitCodes.USAGE, options.exit());
        assertTrue(options.err().contains("--engine and --engine-option do not apply to --matrix"), options.err());
        CliRun engine = CliRun.of("bench", "--matrix", "--engine", "reference:durability=normal");
        assertEquals(ExitCodes.USAGE, engine.exit());
        CliRun commitOnly = CliRun.of("bench", "--matrix", "--workloads", "commit", "--out",
                Path.of("target", "bench-matrix-refused").toString());
        assertEquals(ExitCodes.USAGE, commitOnly.exit());
        assertTrue(commitOnly.err().contains("the acceptance rule reads"), commitOnly.err());
    }

    @Test
    void aCpuPathDirectoryOnTheDiskIsRefusedAndForceNeedsADirectory() {
        Path onDisk = Path.of("target", "bench-cpu-path-on-disk");
        CliRun r = CliRun.of("bench", "--quick", "--out", Path.of("target", "bench-cpu-refused").toString(),
                "--cpu-path-dir", onDisk.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("not a RAM-backed") && r.err().contains("--force-cpu-path"), r.err());
        assertTrue(!r.out().contains("gate:"), "nothing ran: " + r.out());
        assertEquals(ExitCodes.USAGE, CliRun.of("bench", "--force-cpu-path", "--out",
                Path.of("target", "bench-cpu-refused").toString()).exit());
    }
}
