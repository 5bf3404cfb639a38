package dev.crashbench.recovery.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.EngineId;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.vfs.DiskModel;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The explorer and the oracle on an engine that is not the reference engine, through the SPI alone:
 * every tier and fault family (but one, see {@link #campaign}) on {@link AppendLogEngine}, clean when it syncs each commit, and a
 * lost acknowledged commit found, confirmed and replayed when it does not (the negative control).
 */
class EngineNeutralCampaignTest {
    private static final Budget BUDGET = Budget.states(3_000);

    /**
     * Every tier, every fault family but a failed sync: after one, the page cache serves the lost
     * record as if written, and the toy engine appends after it (the fsyncgate bug, which the
     * explorer finds in this engine at once and the reference engine is built to survive).
     */
    private static Exploration campaign(EngineConfiguration engine) {
        Set<FaultFamily> families = EnumSet.allOf(FaultFamily.class);
        families.remove(FaultFamily.SYNC_ERROR);
        return new Campaign(new Target(engine, DiskModel.WORST_CASE), 1, EnumSet.allOf(Tier.class), families,
                WorkloadGenerator.DEFAULT, 0, 1, BUDGET).run(e -> { }, System::nanoTime);
    }

    @Test
    void anEngineThatSyncsEveryCommitSurvivesEveryTier() {
        Exploration exploration = campaign(new AppendLogEngine().configure(""));
        assertTrue(exploration.found().isEmpty(), () -> exploration.found().get(0).violation().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
        assertTrue(exploration.events().snapshot().isEmpty(), "an engine without event counts counts none");
    }

    @Test
    void anEngineThatAcknowledgesBeforeItsSyncIsCaughtAndItsCaseReplays() {
        EngineConfiguration buggy = new AppendLogEngine().configure("skip_sync=true");
        Exploration exploration = campaign(buggy);
        assertFalse(exploration.found().isEmpty(), "a commit acknowledged without its sync must be lost somewhere");
        Found found = exploration.found().get(0);
        assertEquals(Rule.PREFIX, found.violation().rule(), found.violation().describe());
        assertTrue(found.reproduced(), "the case replays from scratch");
        assertEquals(new EngineId("append-log", "1"), found.crashCase().engine());
        assertEquals("true", found.crashCase().engineOptions().get("skip_sync"));
        Violation again = CaseRunner.run(buggy, found.crashCase());
        assertEquals(found.violation(), again, "the same verdict, word for word");
    }
}
