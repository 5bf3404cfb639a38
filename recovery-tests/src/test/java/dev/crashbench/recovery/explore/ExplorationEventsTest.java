package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.reference.ReferenceEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * A campaign reports what the engine did in its workload runs, so a campaign that never reached
 * an optimization's code can be told from one that tortured it.
 */
class ExplorationEventsTest {

    private static Exploration campaign(Tier tier, Execution execution) {
        Campaign campaign = new Campaign(ReferenceTargets.defaults(), 1, EnumSet.of(tier), EnumSet.allOf(FaultFamily.class),
                WorkloadGenerator.DEFAULT, 0, 1, Budget.states(1_500));
        return campaign.run(e -> { }, System::nanoTime, execution);
    }

    @Test
    void everyTierCountsTheCommitsAndCheckpointsOfItsRuns() {
        for (Tier tier : Tier.values()) {
            EngineEvents events = ReferenceEvents.of(campaign(tier, new Execution(1, false)).events().snapshot());
            assertTrue(events.get(EngineEvent.COMMIT) > 0, tier + ": " + events.snapshot());
            assertTrue(events.get(EngineEvent.CHECKPOINT) > 0, tier + ": " + events.snapshot());
            // Every default optimization ran, and no other optimization did.
            for (Optimization o : Optimization.values()) {
                boolean on = EngineOptions.DEFAULT_OPTIMIZATIONS.contains(o);
                assertEquals(on, events.get(o.exercisedBy()) > 0, tier + ": " + o.key() + (on ? " never ran: " : " ran: ")
                        + events.snapshot());
            }
        }
    }

    @Test
    void theCountsDoNotDependOnThreadsInTheRandomTier() {
        assertEquals(campaign(Tier.RANDOM, new Execution(1, false)).events().snapshot(),
                campaign(Tier.RANDOM, new Execution(2, true)).events().snapshot());
    }
}
