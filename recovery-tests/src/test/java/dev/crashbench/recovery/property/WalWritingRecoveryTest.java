package dev.crashbench.recovery.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.MutationSelfTest;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.vfs.DiskModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recovery campaign of each WAL-writing optimization ({@code wal_mmap}, {@code wal_dsync}) at
 * a small budget (seed 1, the worst-case disk, every tier and fault family): the healthy engine
 * with the option on passes it and really took the option's code path (its event was counted),
 * and each unsafe variant of the option fails the same campaign with a replay file that replays.
 * The full-size campaigns are {@code MutationSelfTestTest}'s and the bench gate's.
 */
class WalWritingRecoveryTest {
    private static final long SEED = 1;
    private static final Budget BUDGET = Budget.states(3_000);

    private static Exploration campaign(EngineOptions options, DiskModel disk, boolean stopAtFirst) {
        return Campaign.standard(ReferenceTargets.of(options, disk), SEED, BUDGET.stoppingAtFirst(stopAtFirst))
                .run(e -> { }, System::nanoTime);
    }

    @ParameterizedTest(name = "{0} passes and is exercised")
    @EnumSource(value = Optimization.class, names = {"WAL_MMAP", "WAL_DSYNC"})
    void theHealthyEngineWithTheOptionPassesAndTakesItsPath(Optimization optimization) {
        Exploration exploration = campaign(ReferenceTargets.torturedDefaults().withOptimization(optimization, true),
                DiskModel.WORST_CASE, false);
        assertTrue(exploration.found().isEmpty(),
                () -> optimization.key() + ": " + exploration.found().get(0).violation().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
        long exercised = exploration.events().get(optimization.exercisedBy().name());
        assertTrue(exercised > 0, optimization.key() + " never took its path: " + exploration.events().snapshot());
    }

    @ParameterizedTest(name = "{0} is caught and replays")
    @EnumSource(value = UnsafeMutation.class,
            names = {"DSYNC_ASSUMED", "MMAP_ACK_BEFORE_MSYNC", "MMAP_SYNC_LAST_PAGE_ONLY"})
    void eachUnsafeVariantFailsTheCampaignAndItsReplayFileReplays(UnsafeMutation mutation) throws Exception {
        EngineOptions options = MutationSelfTest.optionsFor(mutation);
        Optimization optimization = mutation.requires().orElseThrow();
        assertTrue(options.has(optimization), "the variant runs with its optimization on");
        Violation violation = caughtAndReplayed(mutation, options, DiskModel.WORST_CASE);
        assertEquals(Rule.PREFIX, violation.rule(), "an acknowledged commit is lost: " + violation.describe());
    }

    /**
     * The plan's header end offset (its V1 #10), on a disk whose sectors never tear into garbage
     * beyond the bytes written ({@link DiskModel#SSD_4K}), where a per-commit rewrite of the header
     * cannot destroy the header itself (on the worst-case disk that is how the campaign catches it
     * first): what is left to break it is the end the header vouches for, kept by a cut while the
     * frames it counts were lost, and trusted by recovery.
     */
    @Test
    void theHeaderEndOffsetIsCaughtByTheEndItVouchesFor() throws Exception {
        UnsafeMutation mutation = UnsafeMutation.WAL_HEADER_END_OFFSET;
        Violation violation = caughtAndReplayed(mutation, MutationSelfTest.optionsFor(mutation), DiskModel.SSD_4K);
        // At seed 1: the newest frames lost, the end kept; recovery replays the stale frames the end
        // covers, and the page digest of the commit they claim to be no longer adds up.
        assertEquals(Rule.INTEGRITY, violation.rule(), violation.describe());
    }

    /** Runs the campaign until its first violation, writes its replay file and replays it. */
    private static Violation caughtAndReplayed(UnsafeMutation mutation, EngineOptions options, DiskModel disk)
            throws Exception {
        Exploration exploration = campaign(options, disk, true);
        assertFalse(exploration.found().isEmpty(), mutation.key() + " passed " + BUDGET.maxStates() + " states");
        Found found = exploration.found().get(0);
        assertTrue(found.reproduced(), "the case run again from scratch breaks the same rule");
        Path path = ReplayFiles.write("wal-writing-" + mutation.key(), found.violation(), found.crashCase());
        assertTrue(Files.exists(path), path + " was not written");
        ReplayFile file = ReplayCodec.read(path);
        assertEquals("true", file.crashCase().engineOptions().get(mutation.key()));
        assertEquals(found.violation(), file.violation());
        Violation replayed = CaseRunner.run(file.crashCase());
        assertEquals(found.violation().rule(), replayed == null ? null : replayed.rule(), "the file replays");
        System.out.printf("%s on %s: caught after %d states: %s (%s)%n", mutation.key(), disk.describe(),
                exploration.statesChecked(), found.violation().describe(), path);
        return found.violation();
    }
}
