package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recovery campaign of {@code writer_reuse} and {@code single_page_fast_path}, each with its
 * negative control. The default campaign (torture sizes, worst-case disk, seed 1) with the
 * optimization on finds nothing in a small budget and really takes the optimization's path (its
 * event is counted in the campaign's workload runs); the same campaign with each unsafe variant of
 * that optimization finds a violation whose replay file, written and read back, replays to the
 * same rule.
 */
class WriterReuseAndFastPathCampaignTest {
    /** A few seconds here; the bench's gate and the 40,000-state campaign run the same code longer. */
    static final Budget BUDGET = Budget.states(3_000);
    static final long SEED = 1;

    @ParameterizedTest
    @EnumSource(value = Optimization.class, names = {"WRITER_REUSE", "SINGLE_PAGE_FAST_PATH"})
    void theHealthyOptimizationPassesAndIsExercised(Optimization optimization) {
        EngineOptions options = ReferenceTargets.torturedDefaults().withOptimization(optimization, true);
        Exploration exploration = campaign(options, false);
        assertTrue(exploration.found().isEmpty(),
                () -> optimization.key() + ": " + exploration.found().get(0).violation().describe());
        assertEquals(BUDGET.maxStates(), exploration.statesChecked(), "the whole budget was explored");
        long exercised = exploration.events().get(optimization.exercisedBy().name());
        assertTrue(exercised > 0, optimization.key() + " never ran: " + exploration.events().snapshot());
        System.out.printf("%s: %d states clean, %s counted %d times%n", optimization.key(),
                exploration.statesChecked(), optimization.exercisedBy(), exercised);
    }

    @ParameterizedTest
    @EnumSource(value = UnsafeMutation.class, names = {"REUSE_KEEPS_ROLLED_BACK_PAGES", "FAST_PATH_SKIPS_DIGEST"})
    void theUnsafeVariantFailsAndItsReplayFileReplays(UnsafeMutation mutation, @TempDir Path dir) throws Exception {
        Optimization optimization = mutation.requires().orElseThrow();
        EngineOptions options = MutationSelfTest.optionsFor(mutation);
        assertTrue(options.has(optimization), "switching " + mutation.key() + " on switches " + optimization.key() + " on");
        Exploration exploration = campaign(options, true);
        assertFalse(exploration.found().isEmpty(), mutation.key() + " was not caught in " + BUDGET.maxStates() + " states");
        Found found = exploration.found().get(0);
        assertTrue(found.reproduced(), mutation.key() + ": its case did not replay");
        Path file = dir.resolve(mutation.key() + ".json");
        ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), file);
        assertTrue(Files.size(file) > 0);
        ReplayFile read = ReplayCodec.read(file);
        assertEquals("true", read.crashCase().engineOptions().get(mutation.key()));
        assertEquals(found.violation().rule(), CaseRunner.run(read.crashCase()).rule(), "the file replays");
        System.out.printf("%s: caught after %d states: %s%n", mutation.key(), exploration.statesChecked(),
                found.violation().describe());
    }

    private static Exploration campaign(EngineOptions options, boolean stopAtFirst) {
        Target target = ReferenceTargets.of(options, ReferenceTargets.defaults().diskModel());
        return Campaign.standard(target, SEED, BUDGET.stoppingAtFirst(stopAtFirst)).run(e -> { }, System::nanoTime);
    }
}
