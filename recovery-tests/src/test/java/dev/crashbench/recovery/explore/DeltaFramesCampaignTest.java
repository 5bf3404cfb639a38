package dev.crashbench.recovery.explore;

import dev.crashbench.engine.EngineOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
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
 * The recovery property of {@code delta_frames}: the default campaign (seed 1, worst-case disk:
 * torn sectors, no power-safe overwrite, reordered unsynced writes) on the engine with delta frames
 * finds nothing, and its workloads really wrote deltas, also with the WAL written through O_DSYNC
 * or a mapping (the two other ways of writing it); its negative controls: each careless
 * implementation of delta frames is caught by the same campaign, and the replay file of what it
 * found replays to the same rule.
 */
class DeltaFramesCampaignTest {
    private static final long SEED = 1;
    /** A few seconds for the healthy engine. */
    private static final Budget BUDGET = Budget.states(6_000);
    /**
     * The mutation self-test's budget: at seed 1 the unaligned and across-reset variants are caught
     * within 1,000 states, the unverified one after 7,384 (it needs a torn delta of more than one
     * sector, and most deltas of the workloads fit in one).
     */
    private static final Budget MUTANT_BUDGET = MutationSelfTestTest.BUDGET;

    private static EngineOptions deltas() {
        return ReferenceTargets.torturedDefaults().withOptimization(Optimization.DELTA_FRAMES, true);
    }

    private static Target withDeltas() {
        return ReferenceTargets.of(deltas(), DiskModel.WORST_CASE);
    }

    @Test
    void theEngineWithDeltaFramesPassesTheDefaultCampaignAndWritesDeltas() {
        Exploration exploration = Campaign.standard(withDeltas(), SEED, BUDGET).run(e -> { }, System::nanoTime);
        assertTrue(exploration.found().isEmpty(),
                () -> "violation: " + exploration.found().get(0).violation().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
        long deltas = exploration.events().get(EngineEvent.DELTA_FRAME.name());
        System.out.printf("delta_frames campaign: %d states, %d delta frames written, %d pages rebuilt%n",
                exploration.statesChecked(), deltas, exploration.events().get(EngineEvent.DELTA_APPLIED.name()));
        assertTrue(deltas > 0, "the campaign's workloads wrote no delta frame");
    }

    @ParameterizedTest(name = "delta_frames with {0}")
    @EnumSource(value = Optimization.class, names = {"WAL_MMAP", "WAL_DSYNC"})
    void deltaFramesComposeWithEachWayOfWritingTheWal(Optimization writing) {
        Target both = ReferenceTargets.of(deltas().withOptimization(writing, true), DiskModel.WORST_CASE);
        Exploration exploration = Campaign.standard(both, SEED, BUDGET).run(e -> { }, System::nanoTime);
        assertTrue(exploration.found().isEmpty(),
                () -> "violation: " + exploration.found().get(0).violation().describe());
        System.out.printf("delta_frames with %s: %d states, %d delta frames, %d %s%n", writing.key(),
                exploration.statesChecked(), exploration.events().get(EngineEvent.DELTA_FRAME.name()),
                exploration.events().get(writing.exercisedBy().name()), writing.exercisedBy().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
        assertTrue(exploration.events().get(EngineEvent.DELTA_FRAME.name()) > 0, "no delta frame written");
        assertTrue(exploration.events().get(writing.exercisedBy().name()) > 0, writing.key() + " not exercised");
    }

    @ParameterizedTest(name = "{0} is caught and its replay file replays")
    @EnumSource(value = UnsafeMutation.class, names = {"DELTA_UNALIGNED", "DELTA_UNVERIFIED", "DELTA_BASE_ACROSS_RESET"})
    void aCarelessDeltaImplementationIsCaught(UnsafeMutation mutation) throws Exception {
        assertEquals(Optimization.DELTA_FRAMES, mutation.requires().orElseThrow());
        Target mutant = ReferenceTargets.of(MutationSelfTest.optionsFor(mutation), DiskModel.WORST_CASE);
        Exploration exploration = Campaign.standard(mutant, SEED, MUTANT_BUDGET.stoppingAtFirst(true))
                .run(e -> { }, System::nanoTime);
        assertFalse(exploration.found().isEmpty(),
                mutation.key() + " was not caught in " + MUTANT_BUDGET.maxStates() + " states");
        Found found = exploration.found().get(0);
        System.out.printf("%s: caught after %d states: %s%n", mutation.key(), exploration.statesChecked(),
                found.violation().describe());
        assertTrue(found.reproduced(), "its case did not replay");
        Path file = Files.createTempDirectory("delta-replay").resolve(mutation.key() + ".json");
        ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), file);
        ReplayFile replay = ReplayCodec.read(file);
        assertEquals("true", replay.crashCase().engineOptions().get(mutation.key()));
        assertEquals(found.violation().rule(), CaseRunner.run(replay.crashCase()).rule(), "the file replays");
    }
}
