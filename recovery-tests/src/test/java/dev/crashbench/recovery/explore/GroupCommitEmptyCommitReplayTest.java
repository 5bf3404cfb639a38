package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.replay.InvalidReplayFileException;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A case the bench's gate found on group commit ({@code group_commit=true}, seed 1), shrunk: a
 * write transaction that changes nothing (a delete of an absent key) commits while an earlier
 * commit is in flight. Its ticket used to be durable at once, so the runner acknowledged it
 * before the sync of the commit it built on, and the cut during that sync recovered a state
 * older than an acknowledged one (PREFIX). The engine now acknowledges such a commit only once
 * the commits it built on are durable.
 *
 * <p>The recorded cut is a step number of the trace of its day. Since commits in flight are
 * gathered into one WAL write just before their sync, the same workload makes fewer VFS calls and
 * that step is another call, so the file is not replayed step for step: every cut of its workload,
 * with every bounded survival pattern, on its disk model, options and seed, must hold every rule.
 * The cut the gate found is one of them (before the sync of the commit the empty one built on).
 */
class GroupCommitEmptyCommitReplayTest {
    private static final String FILE = "/replays/group-commit-empty-commit-in-flight.json";

    @Test
    void anEmptyCommitBuiltOnACommitInFlightIsNotAcknowledgedBeforeIt() throws Exception {
        ReplayFile recorded = read();
        assertEquals(Rule.PREFIX, recorded.violation().rule(), "the file records the gate's violation");
        CrashCase c = recorded.crashCase();
        assertEquals("true", c.engineOptions().get("group_commit"));
        Exploration exploration = new Exploration(Budget.states(1_000_000), e -> { }, System::nanoTime);
        new ExhaustiveExplorer(new Target(CaseRunner.configuration(c), c.diskModel()))
                .explore(c.workload(), c.diskSeed(), exploration);
        assertTrue(exploration.statesChecked() > 0);
        List<Found> found = exploration.found();
        assertTrue(found.isEmpty(), () -> found.size() + " states of the recorded workload break a rule, the first: "
                + found.get(0).violation().describe());
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
