package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.reference.ReferenceEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.vfs.DiskModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The recovery campaign of option {@code background_checkpoint}, small enough for every build: the
 * default campaign (every tier, every fault family) with the option on finds nothing, and it
 * really interleaved background passes with commits and cuts, and made transactions wait for a full
 * WAL. Its negative control: the same campaign on a checkpointer that resets the WAL over commits
 * that arrived during its pass finds a violation, written as a replay file that replays.
 */
class BackgroundCheckpointCampaignTest {
    static final long SEED = 1;
    static final Budget BUDGET = Budget.states(12_000);
    static final EngineOptions OPTIONS = ReferenceTargets.torturedDefaults()
            .withOptimization(Optimization.BACKGROUND_CHECKPOINT, true);

    private static Exploration campaign(EngineOptions options, boolean stopAtFirst) {
        Target target = ReferenceTargets.of(options, DiskModel.WORST_CASE);
        return Campaign.standard(target, SEED, BUDGET.stoppingAtFirst(stopAtFirst)).run(e -> { }, System::nanoTime);
    }

    @Test
    void theHealthyCheckpointerPassesAndIsExercised() {
        Exploration exploration = campaign(OPTIONS, false);
        assertEquals(BUDGET.maxStates(), exploration.statesChecked());
        assertTrue(exploration.found().isEmpty(), () -> exploration.found().get(0).violation().describe());
        EngineEvents events = ReferenceEvents.of(exploration.events().snapshot());
        assertTrue(events.get(EngineEvent.BACKGROUND_CHECKPOINT) > 0, events.snapshot().toString());
        assertTrue(events.get(EngineEvent.WAL_FULL_WAIT) > 0, events.snapshot().toString());
    }

    @Test
    void aResetOverNewCommitsIsFoundAndItsReplayFileReplays() throws Exception {
        EngineOptions mutant = OPTIONS.withMutation(UnsafeMutation.BACKGROUND_RESET_OVER_NEW_COMMITS);
        Exploration exploration = campaign(mutant, true);
        assertFalse(exploration.found().isEmpty(), "not found within " + BUDGET.maxStates() + " states");
        Found found = exploration.found().get(0);
        assertTrue(found.reproduced());
        Path file = Files.createTempFile("bgckpt-", ".json");
        ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), file);
        ReplayFile read = ReplayCodec.read(file);
        assertEquals("true", read.crashCase().engineOptions().get(UnsafeMutation.BACKGROUND_RESET_OVER_NEW_COMMITS.key()));
        assertEquals("true", read.crashCase().engineOptions().get(Optimization.BACKGROUND_CHECKPOINT.key()));
        Violation again = CaseRunner.run(read.crashCase());
        assertEquals(found.violation(), again, "the file replays bit for bit: the same violation, word for word");
        assertEquals(again, CaseRunner.run(read.crashCase()), "and again");
        Files.delete(file);
    }
}
