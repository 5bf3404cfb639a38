package dev.crashbench.recovery.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.Execution;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.Engines;
import dev.crashbench.vfs.DiskModel;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * H2's known verdict found by the explorer through the engine-under-test SPI: with
 * {@code WRITE_DELAY=0} a commit is written but not synced, and a power cut loses acknowledged
 * commits, as H2 documents.
 */
class H2CampaignTest {

    /**
     * The random tier (power cuts only): its cuts fall anywhere in the workload. The exhaustive tier
     * spends its first thousands of states on cuts while H2 creates its store file, where H2 refuses
     * the partly written file (an OPENS finding of its own) before any commit was acknowledged.
     */
    private static Exploration randomCuts(EngineConfiguration engine, Budget budget) {
        return new Campaign(new Target(engine, DiskModel.WORST_CASE), 1, EnumSet.of(Tier.RANDOM),
                EnumSet.of(FaultFamily.POWER), WorkloadGenerator.DEFAULT, 0, 1, budget)
                .run(e -> { }, System::nanoTime, Execution.defaults());
    }

    private static Optional<Found> firstLoss(Exploration exploration) {
        return exploration.found().stream().filter(f -> f.violation().rule() == Rule.PREFIX).findFirst();
    }

    @Test
    void writeDelayZeroLosesAcknowledgedCommitsAndTheCaseReplays() {
        EngineConfiguration h2 = new H2Engine().configure("write_delay=0");
        Exploration exploration = randomCuts(h2, Budget.states(200));
        Found loss = firstLoss(exploration).orElseThrow(() -> new AssertionError(
                "no acknowledged commit lost in " + exploration.statesChecked() + " states; found: "
                        + exploration.found().stream().map(f -> f.violation().describe()).toList()));
        assertTrue(loss.reproduced(), "the case replays from scratch");
        assertEquals(new H2Engine().version(), loss.crashCase().engine().version());
        assertEquals(loss.violation(), CaseRunner.run(loss.crashCase()), "the same verdict again");
    }

    @Test
    void theEngineIsFoundByItsIdWithItsOptionsPromiseAndCapabilities() {
        EngineConfiguration h2 = Engines.installed().byId("h2").configure("checkpoint_sync=true");
        assertEquals(Map.of("write_delay", "0", "checkpoint_sync", "true"), h2.options());
        assertEquals(DurabilityPromise.EVERY_COMMIT, h2.durability());
        assertTrue(h2.has(Capability.CHECKPOINT));
        assertEquals("h2:checkpoint_sync=true", h2.describe());
    }

    @Test
    void aWriteDelayAboveZeroIsRefusedSayingWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new H2Engine().configure("write_delay=500"));
        assertTrue(e.getMessage().contains("wall clock"), e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new H2Engine().configure("cache_size=8"));
        assertTrue(unknown.getMessage().contains("write_delay, checkpoint_sync"), unknown.getMessage());
    }
}
