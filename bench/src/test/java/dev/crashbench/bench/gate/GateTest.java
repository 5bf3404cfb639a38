package dev.crashbench.bench.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.bench.TestDirs;
import dev.crashbench.bench.contender.EngineOptionSets;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate with a small budget (one seed index of the exhaustive tier at torture sizes, then a
 * few hundred exact-option states): an unsafe configuration is REJECTED with a replay file that
 * replays its violation; the healthy defaults are COUNTED.
 */
class GateTest {

    static Gate small() {
        return new Gate(Gate.SEED, List.of(
                new GateStage("exhaustive", EnumSet.of(Tier.EXHAUSTIVE), true, new Budget(0, 0, 1, true)),
                new GateStage("exact-exhaustive", EnumSet.of(Tier.EXHAUSTIVE), false, new Budget(300, 0, 1, true))));
    }

    @Test
    void aSyncThatDoesNothingIsRejectedWithAReplayFile() throws Exception {
        Path replays = TestDirs.fresh("gate-replays");
        List<String> progress = new ArrayList<>();
        ReferenceEngine nosync = EngineOptionSets.parse("nosync:unsafe_sync_is_noop=true");
        GateResult r = small().check(nosync, replays, progress::add, System::nanoTime);
        assertEquals(Verdict.REJECTED, r.verdict());
        assertNotNull(r.found(), "the campaign itself caught it, not only the option's name");
        assertTrue(r.found().reproduced());
        assertFalse(r.rejectedSafeConfiguration(), "an unsafe configuration's rejection is expected");
        assertEquals(1, r.stages().size(), "the gate stops at the first violation");
        assertTrue(r.reason().startsWith(r.found().violation().rule().name()), r.reason());
        assertEquals(replays.resolve("nosync.replay.json"), r.replayFile());
        ReplayFile file = ReplayCodec.read(r.replayFile());
        assertEquals(r.found().violation(), file.violation());
        assertEquals("true", file.crashCase().engineOptions().get("unsafe_sync_is_noop"));
        assertEquals(file.violation().rule(), CaseRunner.run(file.crashCase()).rule(), "the replay file replays");
        assertEquals(1, progress.size());
    }

    @Test
    void theHealthyDefaultsAreCounted() throws Exception {
        Path replays = TestDirs.fresh("gate-healthy");
        GateResult r = small().check(ReferenceEngine.defaults(), replays, line -> { }, System::nanoTime);
        assertEquals(Verdict.COUNTED, r.verdict(), r.reason());
        assertNull(r.found());
        assertNull(r.replayFile());
        assertEquals(2, r.stages().size());
        assertTrue(r.states() > 300, "both stages ran: " + r.states());
        try (var files = Files.list(replays)) {
            assertEquals(0, files.count(), "no replay file for a counted configuration");
        }
    }

    @Test
    void anUnsafeOptionTheCampaignCannotSeeIsStillRejected() throws Exception {
        // In FULL durability every commit is synced before it is acknowledged, so a checkpoint never
        // finds an unsynced frame: this mutation changes nothing the campaign can observe.
        ReferenceEngine e = EngineOptionSets.parse("backfill:unsafe_backfill_before_commit_durable=true");
        GateResult r = small().check(e, TestDirs.fresh("gate-unseen"), line -> { }, System::nanoTime);
        assertEquals(Verdict.REJECTED, r.verdict());
        assertNull(r.found());
        assertTrue(r.reason().contains("unsafe_backfill_before_commit_durable"), r.reason());
    }

    @Test
    void tortureSizesLowerOnlyTheThreeSizingOptions() {
        GateStage torture = new GateStage("t", EnumSet.of(Tier.RANDOM), true, new Budget(0, 0, 1, true));
        EngineOptions measured = EngineOptions.defaults().with("durability", "normal").with("cache_size_pages", "4")
                .with("unsafe_sync_is_noop", "true");
        EngineOptions run = torture.optionsFor(measured);
        assertEquals(4, run.cacheSizePages(), "a size already below the torture size stays");
        assertEquals(12, run.autoCheckpointFrames());
        assertEquals(8, run.walPreallocatedFrames());
        assertEquals(measured.durability(), run.durability());
        assertEquals(measured.mutations(), run.mutations());
        GateStage exact = new GateStage("e", EnumSet.of(Tier.RANDOM), false, new Budget(0, 0, 1, true));
        assertEquals(measured, exact.optionsFor(measured));
    }

    @Test
    void aStageBudgetInSecondsIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new GateStage("t", EnumSet.of(Tier.RANDOM), true, new Budget(0, 5, 0, true)));
    }
}
