package dev.crashbench.torture.cli;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void sectorAlignedRecordsSurviveEveryPolicy() {
        CliRun r = run("demo", "--seed", "42");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("power cut before step"), r.out());
        assertTrue(r.out().contains("every acknowledged record survived"), r.out());
    }

    @Test
    void recordsSharingATornSectorLoseAcknowledgedDataOnADiskWithoutPowersafeOverwrite() {
        CliRun r = run("demo", "--seed", "42", "--record-size", "700");
        assertEquals(ExitCodes.VIOLATION, r.exit(), r.out());
        assertTrue(r.out().contains("FAIL: an acknowledged record was lost"), r.out());
    }

    @Test
    void sameSeedPrintsTheSameReport() {
        assertEquals(run("demo", "--seed", "7").out(), run("demo", "--seed", "7").out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = run("demo", "--sector-size", "7");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--sector-size must be 512 or 4096"), r.err());
        assertEquals(ExitCodes.USAGE, run("demo", "--records", "0").exit());
        assertEquals(ExitCodes.USAGE, run("demo", "--no-such-option").exit());
        assertEquals(ExitCodes.USAGE, run().exit());
    }
}
