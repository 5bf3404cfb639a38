package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.replay.InvalidReplayFileException;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A case the bench's gate found on group commit ({@code group_commit=true}, seed 1), shrunk: a
 * write transaction that changes nothing (a delete of an absent key) commits while an earlier
 * commit is in flight. Its ticket used to be durable at once, so the runner acknowledged it
 * before the sync of the commit it built on, and the cut during that sync recovered a state
 * older than an acknowledged one (PREFIX). The engine now acknowledges such a commit only once
 * the commits it built on are durable; the recorded case must hold every rule.
 */
class GroupCommitEmptyCommitReplayTest {
    private static final String FILE = "/replays/group-commit-empty-commit-in-flight.json";

    @Test
    void anEmptyCommitBuiltOnACommitInFlightIsNotAcknowledgedBeforeIt() throws Exception {
        ReplayFile recorded = read();
        assertEquals(Rule.PREFIX, recorded.violation().rule(), "the file records the gate's violation");
        assertEquals("true", recorded.crashCase().engineOptions().get("group_commit"));
        Violation now = CaseRunner.run(recorded.crashCase());
        assertNull(now, () -> "the recorded case breaks a rule: " + now.describe());
    }

    private static ReplayFile read() throws IOException, InvalidReplayFileException {
        try (InputStream in = GroupCommitEmptyCommitReplayTest.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IOException("missing test resource " + FILE);
            }
            return ReplayCodec.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
