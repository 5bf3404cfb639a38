package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The corruption fuzz from the CLI: a small run with delta frames, and bad usage. */
class CorruptFuzzCommandTest {

    @Test
    void aSmallRunWithDeltaFramesIsClean() {
        CliRun r = CliRun.of("corrupt-fuzz", "--copies", "40", "--engine-option", "delta_frames=true");
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("failures: 0"), r.out());
    }

    @Test
    void badUsageIsRejected() {
        assertEquals(ExitCodes.USAGE, CliRun.of("corrupt-fuzz", "--copies", "0").exit());
        CliRun unknown = CliRun.of("corrupt-fuzz", "--engine-option", "no_such=1");
        assertEquals(ExitCodes.USAGE, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine option"), unknown.err());
    }
}
