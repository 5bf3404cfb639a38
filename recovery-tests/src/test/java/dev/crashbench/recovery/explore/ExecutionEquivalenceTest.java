package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threads and deduplication change how fast a campaign runs, never what it does: the same states
 * are counted in the same order, the same violations are found in the same order with the same
 * cases, and a budget stops at the same state, as on one thread recovering every state.
 */
class ExecutionEquivalenceTest {
    private static final Target SYNC_IS_NOOP = ReferenceTargets.of(MutationSelfTest.optionsFor(UnsafeMutation.SYNC_IS_NOOP),
            ReferenceTargets.defaults().diskModel());
    private static final List<Execution> FAST = List.of(new Execution(1, true), new Execution(2, false),
            new Execution(2, true), new Execution(3, true));

    /** Everything a campaign did, in order, as the exploring thread saw it. */
    private record Run(List<String> events, List<Found> found, Map<Tier, Long> states, long seeds, long deduplicated,
                       boolean listenerOnCallerThread) {
    }

    private static Run run(Campaign campaign, Execution execution) {
        List<String> events = new ArrayList<>();
        Thread caller = Thread.currentThread();
        boolean[] elsewhere = new boolean[1];
        Exploration e = campaign.run(new Exploration.Listener() {
            @Override
            public void stateChecked(Exploration x) {
                elsewhere[0] |= Thread.currentThread() != caller;
                events.add(x.statesChecked(Tier.EXHAUSTIVE) + "/" + x.statesChecked(Tier.RANDOM) + "/"
                        + x.statesChecked(Tier.COMPOUND));
            }

            @Override
            public void violationFound(Found found) {
                elsewhere[0] |= Thread.currentThread() != caller;
                events.add("violation " + found.violation().describe());
            }
        }, System::nanoTime, execution);
        return new Run(events, e.found(), Map.of(Tier.EXHAUSTIVE, e.statesChecked(Tier.EXHAUSTIVE), Tier.RANDOM,
                e.statesChecked(Tier.RANDOM), Tier.COMPOUND, e.statesChecked(Tier.COMPOUND)), e.seeds(),
                e.statesDeduplicated(), !elsewhere[0]);
    }

    private static void assertSameRun(Run expected, Run actual, Execution execution) {
        String how = execution.describe();
        assertTrue(actual.listenerOnCallerThread(), how + ": the listener ran on another thread");
        assertEquals(expected.states(), actual.states(), how + ": states per tier");
        assertEquals(expected.seeds(), actual.seeds(), how + ": seeds");
        assertEquals(expected.found(), actual.found(), how + ": violations, their order and cases");
        assertEquals(expected.events(), actual.events(), how + ": the order of counts and reports");
    }

    @Test
    void theExhaustiveTierFullOfViolationsGivesTheSameFindingsWhateverTheThreadsAndDeduplication() {
        // Nothing is ever synced: every cut loses acknowledged commits, hundreds of violations.
        Campaign campaign = new Campaign(SYNC_IS_NOOP, 3, EnumSet.of(Tier.EXHAUSTIVE), EnumSet.allOf(FaultFamily.class),
                new WorkloadGenerator(3, 2, 8), 0, 1, Budget.states(1_500));
        assertSameFindingsEverywhere(campaign, 1_500);
    }

    @Test
    void theRandomAndCompoundTiersFullOfViolationsGiveTheSameFindingsWhateverTheThreadsAndDeduplication() {
        // Seed 5: among its 700 states the compound tier finds 3 violations (seed 3 found none once the
        // runner held readers across commits in every configuration, which changed its workloads' I/O).
        Campaign campaign = new Campaign(SYNC_IS_NOOP, 5, EnumSet.of(Tier.RANDOM, Tier.COMPOUND),
                EnumSet.allOf(FaultFamily.class), new WorkloadGenerator(5, 3, 16), 0, 1, Budget.states(700));
        assertSameFindingsEverywhere(campaign, 700);
    }

    private static void assertSameFindingsEverywhere(Campaign campaign, long budget) {
        Run plain = run(campaign, Execution.sequential());
        for (Tier tier : campaign.tiers()) {
            assertTrue(plain.found().stream().anyMatch(f -> f.crashCase().tier() == tier), "no violation in " + tier
                    + " among " + plain.found().size());
        }
        assertEquals(budget, plain.states().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(0, plain.deduplicated());
        for (Execution execution : FAST) {
            Run fast = run(campaign, execution);
            assertSameRun(plain, fast, execution);
            if (execution.deduplicate()) {
                assertTrue(fast.deduplicated() > 0, execution.describe() + ": nothing deduplicated");
            } else {
                assertEquals(0, fast.deduplicated());
            }
        }
    }

    @Test
    void aCampaignThatStopsAtItsFirstViolationStopsAtTheSameOne() {
        Campaign campaign = Campaign.standard(SYNC_IS_NOOP, 1, Budget.states(12_000).stoppingAtFirst(true));
        Run plain = run(campaign, Execution.sequential());
        assertEquals(1, plain.found().size());
        for (Execution execution : FAST) {
            assertSameRun(plain, run(campaign, execution), execution);
        }
    }

    @Test
    void aStatesBudgetEndingInsideARandomSeedStopsAtExactlyThatState() {
        // Only the random tier: each seed is one piece of work of up to eight states, several in flight.
        Campaign campaign = new Campaign(ReferenceTargets.defaults(), 2, EnumSet.of(Tier.RANDOM),
                EnumSet.allOf(FaultFamily.class), WorkloadGenerator.DEFAULT, 0, 1, Budget.states(301));
        Run plain = run(campaign, Execution.sequential());
        assertEquals(301, plain.states().get(Tier.RANDOM));
        for (Execution execution : FAST) {
            assertSameRun(plain, run(campaign, execution), execution);
        }
    }

    @Test
    void aSeedsBudgetCountsTheSameSeeds() {
        Campaign campaign = Campaign.standard(ReferenceTargets.defaults(), 5, new Budget(0, 0, 1, false));
        Run plain = run(campaign, Execution.sequential());
        assertEquals(1, plain.seeds());
        assertSameRun(plain, run(campaign, new Execution(2, true)), new Execution(2, true));
    }

    @Test
    void theExhaustiveTierAloneGivesTheSameFindingsAndTheShrinkersStopConditionHolds() {
        ExhaustiveExplorer explorer = new ExhaustiveExplorer(SYNC_IS_NOOP);
        List<List<Found>> results = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Execution execution : List.of(Execution.sequential(), new Execution(2, true))) {
            Exploration e = new Exploration(Budget.states(100_000), x -> { }, System::nanoTime, execution)
                    .stopWhen(f -> f.violation().rule() == Rule.PREFIX);
            explorer.explore(WorkloadGenerator.DEFAULT.generate(11), 5, e);
            results.add(e.found());
            counts.add(e.statesChecked());
        }
        assertFalse(results.get(0).isEmpty());
        assertEquals(Rule.PREFIX, results.get(0).get(results.get(0).size() - 1).violation().rule());
        assertEquals(results.get(0), results.get(1));
        assertEquals(counts.get(0), counts.get(1));
    }

    @Test
    void deduplicationJudgesTheHealthyExhaustiveTierWithFewerRecoveries() {
        Exploration plain = new Exploration(Budget.states(100_000), x -> { }, System::nanoTime, Execution.sequential());
        Exploration deduplicated = new Exploration(Budget.states(100_000), x -> { }, System::nanoTime,
                new Execution(2, true));
        ExhaustiveExplorer explorer = new ExhaustiveExplorer(ReferenceTargets.defaults());
        explorer.explore(WorkloadGenerator.DEFAULT.generate(7), 3, plain);
        explorer.explore(WorkloadGenerator.DEFAULT.generate(7), 3, deduplicated);
        assertEquals(plain.statesChecked(), deduplicated.statesChecked());
        assertEquals(plain.found(), deduplicated.found());
        assertEquals(plain.statesChecked(), plain.statesRecovered());
        assertTrue(deduplicated.statesDeduplicated() > deduplicated.statesChecked() / 4,
                deduplicated.statesDeduplicated() + " of " + deduplicated.statesChecked());
        assertNotEquals(deduplicated.statesChecked(), deduplicated.statesRecovered());
    }
}
