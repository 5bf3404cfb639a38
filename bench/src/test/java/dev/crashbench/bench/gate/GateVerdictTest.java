package dev.crashbench.bench.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.Optimization;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's verdict table on made-up event counts: whatever the optimizations do today, a
 * configuration whose optimization's event never happened is NOT_EXERCISED, one whose events all
 * happened is COUNTED, and a violation or an unsafe option is REJECTED before either.
 */
class GateVerdictTest {

    @Test
    void anOptimizationWhoseEventNeverHappenedIsNotExercised() {
        EngineEvents events = new EngineEvents();
        events.count(EngineEvent.COMMIT, 40);
        events.count(Optimization.WRITER_REUSE.exercisedBy(), 12);
        EnumSet<Optimization> on = EnumSet.of(Optimization.WRITER_REUSE, Optimization.WAL_MMAP);
        List<Optimization> unexercised = Gate.unexercised(on, events);
        assertEquals(List.of(Optimization.WAL_MMAP), unexercised);
        assertEquals(Verdict.NOT_EXERCISED, Gate.verdict(false, List.of(), unexercised));
    }

    @Test
    void everyEventCountedIsCountedAndNoOptimizationNeedsNone() {
        EngineEvents events = new EngineEvents();
        for (Optimization o : Optimization.values()) {
            events.count(o.exercisedBy());
        }
        EnumSet<Optimization> all = EnumSet.allOf(Optimization.class);
        assertEquals(List.of(), Gate.unexercised(all, events));
        assertEquals(Verdict.COUNTED, Gate.verdict(false, List.of(), List.of()));
        assertEquals(List.of(), Gate.unexercised(EnumSet.noneOf(Optimization.class), new EngineEvents()),
                "the baseline switches nothing on, so nothing needs exercising");
    }

    @Test
    void aViolationOrAnUnsafeOptionOutranksNotExercised() {
        List<Optimization> unexercised = List.of(Optimization.GROUP_COMMIT);
        assertEquals(Verdict.REJECTED, Gate.verdict(true, List.of(), unexercised));
        assertEquals(Verdict.REJECTED, Gate.verdict(false, List.of("unsafe_sync_is_noop"), unexercised));
    }

    @Test
    void aNotExercisedResultSaysWhichEventStayedAtZeroAndDoesNotCount() {
        GateResult r = new GateResult("wal_mmap", Verdict.NOT_EXERCISED, List.of(), null, null, List.of(),
                Map.of(EngineEvent.COMMIT, 5L), List.of(Optimization.WAL_MMAP));
        assertTrue(r.reason().contains("wal_mmap") && r.reason().contains("MAPPED_FRAME counted 0 times"), r.reason());
        assertEquals(5, r.count(EngineEvent.COMMIT));
        assertEquals(0, r.count(EngineEvent.MAPPED_FRAME));
        assertTrue(!r.rejectedSafeConfiguration(), "not exercised is no violation");
        assertTrue(!Verdict.NOT_EXERCISED.counts() && !Verdict.REJECTED.counts());
        assertTrue(Verdict.COUNTED.counts() && Verdict.NOT_GATED.counts());
    }
}
