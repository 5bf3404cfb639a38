package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.vfs.DiskModel;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WAL format 5 tells damage from a torn tail (issue 14): a false "corruption" on a state a crash
 * can leave is as bad as silent loss. The default campaign (seed 1, the worst-case disk, every tier
 * and fault family) with a small budget, in the configurations whose WALs break differently: FULL,
 * NORMAL (frames past a break were never covered by a sync), delta frames (frames of their own
 * lengths), group commit (commits in flight when the cut comes). The corruption fuzz
 * ({@code fuzz.CorruptionFuzzTest}) is the other half: damage the crash explorer never makes.
 */
class WalDamageRecoveryTest {
    private static final long SEED = 1;
    private static final Budget BUDGET = Budget.states(3_000);

    static Stream<Arguments> configurations() {
        EngineOptions tortured = ReferenceTargets.torturedDefaults();
        return Stream.of(
                Arguments.of("full", tortured),
                Arguments.of("normal", tortured.withDurability(Durability.NORMAL)),
                Arguments.of("delta_frames", tortured.withOptimization(Optimization.DELTA_FRAMES, true)),
                Arguments.of("group_commit", tortured.withOptimization(Optimization.GROUP_COMMIT, true)));
    }

    @ParameterizedTest(name = "{0}: every crash state recovers without a false corruption error")
    @MethodSource("configurations")
    void crashStatesAreTornTailsNotDamage(String name, EngineOptions options) {
        Exploration exploration = Campaign.standard(ReferenceTargets.of(options, DiskModel.WORST_CASE), SEED, BUDGET)
                .run(e -> { }, System::nanoTime);
        assertTrue(exploration.found().isEmpty(),
                () -> name + ": " + exploration.found().get(0).violation().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
    }
}
