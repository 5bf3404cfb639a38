package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;

/**
 * The compound tier alone: it interrupts the recovery of a crash image (a power cut at each of its
 * steps, or an I/O error) and demands the state the uninterrupted recovery found. An open
 * checkpoints what it recovered, so a checkpoint that resets the WAL before syncing the pages it
 * copied home breaks exactly this: the first recovery is correct, and a cut inside it loses what it
 * had copied. The healthy engine survives the same seeds.
 */
class CompoundExplorerTest {
    /** Seeds per campaign; the mutation is caught at the first, the healthy engine checks about 2,600 states. */
    private static final int SEEDS = 30;

    @Test
    void aCutDuringRecoveryCatchesAWalResetBeforeTheDatabaseSync() throws Exception {
        Target broken = ReferenceTargets.of(MutationSelfTest.optionsFor(UnsafeMutation.WAL_RESET_BEFORE_DB_SYNC),
                ReferenceTargets.defaults().diskModel());
        Exploration exploration = explore(broken, Budget.states(200_000).stoppingAtFirst(true));
        assertFalse(exploration.found().isEmpty(), "not caught in " + SEEDS + " seeds");
        Found found = exploration.found().get(0);
        CrashCase crashCase = found.crashCase();
        assertEquals(Tier.COMPOUND, crashCase.tier());
        assertTrue(found.reproduced(), "the case did not replay");
        SecondStage second = crashCase.second();
        assertNotNull(second, found.violation().describe());
        assertNotEquals(SecondStage.Kind.RECOVERY_IO_ERROR, second.kind(), "a power cut during recovery");
        assertNull(CaseRunner.run(crashCase.withWorkload(crashCase.workload(), crashCase.runFaults(),
                crashCase.fates(), null)), "the first crash alone recovers correctly: the second cut breaks it");

        ReplayFile file = ReplayCodec.fromJson(ReplayCodec.toJson(ReplayFile.of(found.violation(), crashCase)));
        assertEquals(found.violation(), CaseRunner.run(file.crashCase()), "the compound case replays from its file");
        System.out.println("compound: " + second.kind() + " at step " + second.faults().get(0).step() + ": "
                + found.violation().describe());
    }

    @Test
    void theHealthyEngineSurvivesEveryInterruptedRecoveryOfItsSeeds() {
        Exploration exploration = explore(ReferenceTargets.defaults(), Budget.states(1_000_000));
        assertEquals(java.util.List.of(), exploration.found(), () -> exploration.found().get(0).violation().describe());
        assertTrue(exploration.statesChecked(Tier.COMPOUND) > 1_000,
                "states " + exploration.statesChecked(Tier.COMPOUND));
        System.out.printf("compound: %d states of %d seeds in %.2f s%n", exploration.statesChecked(), SEEDS,
                exploration.seconds());
    }

    private static Exploration explore(Target target, Budget budget) {
        Exploration exploration = new Exploration(budget, e -> { }, System::nanoTime);
        CompoundExplorer explorer = new CompoundExplorer(target, WorkloadGenerator.DEFAULT);
        for (int seed = 0; seed < SEEDS && !exploration.exhausted(); seed++) {
            explorer.explore(seed, exploration);
        }
        return exploration;
    }
}
