package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.reference.ReferenceEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.vfs.DiskModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The recovery campaign of the WAL bound's reset rule, small enough for every build: the default
 * campaign (inline checkpoints, the runner's readers held across commits and overlapping) finds
 * nothing, and its checkpoints really reset the WAL while those readers were open (a checkpoint
 * after a commit never could: the held reader is older than the commit). Its negative control: the
 * same campaign on a checkpoint that resets the WAL under a reader that still reads it
 * ({@link UnsafeMutation#RESET_PAST_LIVE_READER}) finds a reader that saw commits newer than its
 * snapshot, written as a replay file that replays.
 */
class WalBoundCampaignTest {
    static final long SEED = 1;
    static final Budget BUDGET = Budget.states(6_000);
    static final EngineOptions OPTIONS = ReferenceTargets.torturedDefaults();

    private static Exploration campaign(EngineOptions options, boolean stopAtFirst) {
        Target target = ReferenceTargets.of(options, DiskModel.WORST_CASE);
        return Campaign.standard(target, SEED, BUDGET.stoppingAtFirst(stopAtFirst)).run(e -> { }, System::nanoTime);
    }

    @Test
    void resetsUnderHeldReadersLoseNothingAndShowNoReaderAnotherState() {
        Exploration exploration = campaign(OPTIONS, false);
        assertEquals(BUDGET.maxStates(), exploration.statesChecked());
        assertTrue(exploration.found().isEmpty(), () -> exploration.found().get(0).violation().describe());
        EngineEvents events = ReferenceEvents.of(exploration.events().snapshot());
        assertTrue(events.get(EngineEvent.WAL_RESET) > 0, events.snapshot().toString());
    }

    @Test
    void aResetPastALiveReaderIsFoundAndItsReplayFileReplays() throws Exception {
        EngineOptions mutant = OPTIONS.withMutation(UnsafeMutation.RESET_PAST_LIVE_READER);
        Exploration exploration = campaign(mutant, true);
        assertFalse(exploration.found().isEmpty(), "not found within " + BUDGET.maxStates() + " states");
        Found found = exploration.found().get(0);
        assertEquals(Rule.READ, found.violation().rule(), found.violation().describe());
        assertTrue(found.reproduced());
        Path file = Files.createTempFile("walbound-", ".json");
        ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), file);
        ReplayFile read = ReplayCodec.read(file);
        assertEquals("true", read.crashCase().engineOptions().get(UnsafeMutation.RESET_PAST_LIVE_READER.key()));
        Violation again = CaseRunner.run(read.crashCase());
        assertEquals(found.violation(), again, "the file replays bit for bit: the same violation, word for word");
        Files.delete(file);
    }
}
