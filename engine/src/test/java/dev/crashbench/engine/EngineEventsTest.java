package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineEventsTest {

    @Test
    void countsAddUpAndOnlyCountedEventsAreListed() {
        EngineEvents events = new EngineEvents();
        events.count(EngineEvent.COMMIT);
        events.count(EngineEvent.COMMIT, 2);
        events.count(EngineEvent.CHECKPOINT);
        assertEquals(3, events.get(EngineEvent.COMMIT));
        assertEquals(0, events.get(EngineEvent.DELTA_FRAME));
        assertEquals(Map.of(EngineEvent.COMMIT, 3L, EngineEvent.CHECKPOINT, 1L), events.snapshot());
        EngineEvents total = new EngineEvents();
        total.addAll(events);
        total.addAll(events);
        assertEquals(6, total.get(EngineEvent.COMMIT));
    }

    @Test
    void aDatabaseCountsItsCommitsAndCheckpoints() throws Exception {
        MemoryVfs vfs = new MemoryVfs("events");
        try (Database db = Database.open(vfs, "e.db", EngineOptions.baseline())) {
            for (int i = 0; i < 3; i++) {
                try (WriteTransaction tx = db.beginWrite()) {
                    (i == 0 ? tx.createTable("t") : tx.table("t")).put(i, new byte[] {1});
                    tx.commit();
                }
            }
            try (WriteTransaction tx = db.beginWrite()) {
                tx.table("t").put(9, new byte[] {2});
                tx.rollback();
            }
            db.checkpoint();
            assertEquals(3, db.events().get(EngineEvent.COMMIT));
            assertEquals(1, db.events().get(EngineEvent.CHECKPOINT));
            assertEquals(1, db.events().get(EngineEvent.WAL_RESET));
            assertTrue(db.events().snapshot().keySet().stream().allMatch(
                    e -> e == EngineEvent.COMMIT || e == EngineEvent.CHECKPOINT || e == EngineEvent.WAL_RESET));
        }
    }

    @Test
    void everyOptimizationNamesTheEventThatShowsItRan() {
        for (Optimization optimization : Optimization.values()) {
            assertTrue(optimization.exercisedBy() != EngineEvent.COMMIT
                    && optimization.exercisedBy() != EngineEvent.CHECKPOINT, optimization.key());
        }
    }
}
