package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.reference.ReferenceEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.recovery.oracle.CommitOutcome;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;

/**
 * How the runner groups commits: a pure function of the workload (so a replay file replays it),
 * bounded, and really leaving commits in flight; with group commit off the runner never does.
 */
class CommitGroupingTest {
    private static final Workload WORKLOAD = WorkloadGenerator.DEFAULT.generate(1);

    @Test
    void theChoicesArePureFunctionsOfTheWorkloadAndTheOp() {
        CommitGrouping one = new CommitGrouping(WORKLOAD);
        CommitGrouping again = new CommitGrouping(new Workload(WORKLOAD.ops()));
        for (int op = 0; op < WORKLOAD.size(); op++) {
            for (int inFlight = 1; inFlight <= CommitGrouping.MAX_IN_FLIGHT; inFlight++) {
                assertEquals(one.awaitNow(op, inFlight), again.awaitNow(op, inFlight));
                assertEquals(one.firstAwaited(op, inFlight), again.firstAwaited(op, inFlight));
                int first = one.firstAwaited(op, inFlight);
                assertTrue(first >= 0 && first < inFlight, "op " + op + ": " + first + " of " + inFlight);
            }
            assertTrue(one.awaitNow(op, CommitGrouping.MAX_IN_FLIGHT), "a full group is always awaited");
        }
        assertTrue(CommitGrouping.fingerprint(WORKLOAD) != CommitGrouping.fingerprint(WORKLOAD.without(0, 1)),
                "another workload, other choices");
    }

    @Test
    void someCommitsWaitAndSomeAreAwaitedAtOnce() {
        CommitGrouping grouping = new CommitGrouping(WORKLOAD);
        int waiting = 0;
        int awaited = 0;
        for (int op = 0; op < WORKLOAD.size(); op++) {
            if (grouping.awaitNow(op, 1)) {
                awaited++;
            } else {
                waiting++;
            }
        }
        assertTrue(waiting > 0 && awaited > 0, waiting + " left waiting, " + awaited + " awaited at once");
    }

    @Test
    void aRunWithGroupCommitGroupsAndEndsWithEveryCommitAcknowledged() {
        EngineOptions options = ReferenceTargets.torturedDefaults().withOptimization(Optimization.GROUP_COMMIT, true);
        try (WorkloadRunner runner = new WorkloadRunner(new SimDisk(7), ReferenceEngine.with(options))) {
            assertNull(runner.run(WORKLOAD));
            assertTrue(runner.events().get(EngineEvent.GROUPED_COMMIT.name()) > 0, runner.events().snapshot().toString());
            History history = runner.history();
            for (int k = 1; k <= history.last(); k++) {
                assertEquals(CommitOutcome.ACKED, history.outcome(k), "commit " + k);
            }
        }
    }

    @Test
    void withGroupCommitOffNothingWaits() {
        try (WorkloadRunner runner = new WorkloadRunner(new SimDisk(7), ReferenceEngine.with(ReferenceTargets.torturedDefaults()))) {
            assertNull(runner.run(WORKLOAD));
            assertEquals(0, runner.events().get(EngineEvent.GROUPED_COMMIT.name()));
            assertEquals(0, runner.history().seen(), "no read saw past the acknowledged commits");
        }
    }
}
