package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.vfs.DiskModel;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recovery campaign of each WAL-writing optimization ({@code wal_mmap}, {@code wal_dsync}) at
 * a small budget: the healthy engine with the option on passes it and really took the option's
 * code path (its event was counted), and each unsafe variant of the option fails the same
 * campaign with a case that replays from its replay file. The full-size campaigns are
 * {@link MutationSelfTestTest}'s and the bench gate's.
 */
class WalWritingRecoveryTest {
    private static final long SEED = 1;
    private static final Budget BUDGET = Budget.states(3_000);

    private static Exploration campaign(EngineOptions options, boolean stopAtFirst) {
        Target target = new Target(options, DiskModel.WORST_CASE);
        return Campaign.standard(target, SEED, BUDGET.stoppingAtFirst(stopAtFirst)).run(e -> { }, System::nanoTime);
    }

    @ParameterizedTest(name = "{0} passes and is exercised")
    @EnumSource(value = Optimization.class, names = {"WAL_MMAP", "WAL_DSYNC"})
    void theHealthyEngineWithTheOptionPassesAndTakesItsPath(Optimization optimization) {
        Exploration exploration = campaign(Target.torturedDefaults().withOptimization(optimization, true), false);
        assertTrue(exploration.found().isEmpty(),
                () -> optimization.key() + ": " + exploration.found().get(0).violation().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
        long exercised = exploration.events().get(optimization.exercisedBy());
        assertTrue(exercised > 0, optimization.key() + " never took its path: " + exploration.events().snapshot());
    }

    static Stream<Arguments> unsafeVariants() {
        return Stream.of(
                Arguments.of(UnsafeMutation.DSYNC_ASSUMED),
                Arguments.of(UnsafeMutation.MMAP_ACK_BEFORE_MSYNC),
                Arguments.of(UnsafeMutation.MMAP_SYNC_LAST_PAGE_ONLY));
    }

    @ParameterizedTest(name = "{0} is caught and replays")
    @MethodSource("unsafeVariants")
    void eachUnsafeVariantFailsTheCampaignAndItsReplayFileReplays(UnsafeMutation mutation) throws Exception {
        EngineOptions options = MutationSelfTest.optionsFor(mutation);
        Optimization optimization = mutation.requires().orElseThrow();
        assertTrue(options.has(optimization), "the variant runs with its optimization on");
        Exploration exploration = campaign(options, true);
        assertFalse(exploration.found().isEmpty(), mutation.key() + " passed " + BUDGET.maxStates() + " states");
        Found found = exploration.found().get(0);
        assertTrue(found.reproduced(), "the case ran again from scratch gives the same rule");
        ReplayFile file = ReplayCodec.fromJson(ReplayCodec.toJson(ReplayFile.of(found.violation(), found.crashCase())));
        assertEquals("true", file.crashCase().engineOptions().get(mutation.key()));
        assertEquals("true", file.crashCase().engineOptions().get(optimization.key()));
        assertNotNull(CaseRunner.run(file.crashCase()), "the replay file's case fails again");
        assertEquals(found.violation().rule(), CaseRunner.run(file.crashCase()).rule(), "and breaks the same rule");
        System.out.printf("%s: caught after %d states: %s%n", mutation.key(), exploration.statesChecked(),
                found.violation().describe());
    }
}
