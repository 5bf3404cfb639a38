package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;

class ExhaustiveExplorerTest {
    private static final Workload WORKLOAD = WorkloadGenerator.DEFAULT.generate(7);

    @Test
    void theHealthyEngineSurvivesEveryCutOfATwentyCommitWorkload() {
        Exploration exploration = new Exploration(Budget.states(2_000_000), e -> { }, System::nanoTime);
        new ExhaustiveExplorer(ReferenceTargets.defaults()).explore(WORKLOAD, 3, exploration);
        System.out.printf("exhaustive: %d states in %.2f s (%.0f/s)%n", exploration.statesChecked(),
                exploration.seconds(), exploration.statesChecked() / exploration.seconds());
        assertEquals(java.util.List.of(), exploration.found());
        assertTrue(exploration.statesChecked() > 1000, "states " + exploration.statesChecked());
    }

    @Test
    void aSyncThatDoesNothingIsCaughtAndItsCaseReplays() {
        Target broken = ReferenceTargets.of(ReferenceTargets.torturedDefaults().withMutation(UnsafeMutation.SYNC_IS_NOOP, true),
                ReferenceTargets.defaults().diskModel());
        Exploration exploration = new Exploration(Budget.states(2_000_000).stoppingAtFirst(true), e -> { },
                System::nanoTime);
        new ExhaustiveExplorer(broken).explore(WORKLOAD, 3, exploration);
        assertFalse(exploration.found().isEmpty());
        Found found = exploration.found().get(0);
        assertTrue(found.reproduced());
        assertEquals(Rule.PREFIX, found.violation().rule(), found.violation().describe());
    }
}
