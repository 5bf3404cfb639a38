package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.UnsafeMutation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every durability mutation is caught by the default campaign within a fixed budget, and the
 * healthy engine passes that same campaign: the explorer catches real bug classes and does not
 * cry wolf.
 *
 * <p>{@link UnsafeMutation#RETRY_SYNC_AFTER_EIO} needs a failed sync followed by a cut, which only
 * the random tier produces; at seed 1 it is first caught after 14,641 states, so it gets the larger
 * budget. The healthy engine passes the 12,000-state campaign; at 40,000 states the explorer
 * currently reports an integrity violation after an early write-back on the healthy engine (an
 * open engine bug, see the issue notes), so the larger budget is not yet asserted clean.
 */
class MutationSelfTestTest {
    static final long SEED = 1;
    static final Budget BUDGET = Budget.states(12_000);
    static final Budget RETRY_BUDGET = Budget.states(40_000);

    private static final MutationSelfTest.Listener PRINT = new MutationSelfTest.Listener() {
        @Override
        public void started(String name) {
        }

        @Override
        public void finished(MutationSelfTest.Outcome o) {
            System.out.printf("%-40s detected=%-5s states=%7d %6.2fs %s%n", o.name(), o.detected(), o.states(),
                    o.seconds(), o.found() == null ? "" : o.found().violation().describe());
        }
    };

    @Test
    void everyMutationIsDetectedAndTheHealthyEngineIsNot() {
        List<UnsafeMutation> mutations = new ArrayList<>(List.of(UnsafeMutation.values()));
        mutations.remove(UnsafeMutation.RETRY_SYNC_AFTER_EIO);
        MutationSelfTest.Report report = new MutationSelfTest(SEED, BUDGET, System::nanoTime).run(mutations, PRINT);
        for (MutationSelfTest.Outcome o : report.mutations()) {
            assertTrue(o.detected(), o.name() + " was not detected within " + BUDGET.maxStates() + " states");
            assertTrue(o.found().reproduced(), o.name() + ": its case did not replay");
        }
        assertFalse(report.healthy().detected(), () -> "the healthy engine failed: "
                + report.healthy().found().violation().describe());
    }

    @Test
    void retryingASyncAfterEioIsDetected() {
        MutationSelfTest.Outcome o = new MutationSelfTest(SEED, RETRY_BUDGET, System::nanoTime)
                .runMutation(UnsafeMutation.RETRY_SYNC_AFTER_EIO, PRINT);
        assertTrue(o.detected(), "not detected within " + RETRY_BUDGET.maxStates() + " states");
        assertTrue(o.found().reproduced());
    }
}
