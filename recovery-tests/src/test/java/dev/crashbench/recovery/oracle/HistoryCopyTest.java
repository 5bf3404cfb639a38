package dev.crashbench.recovery.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A copy judges as the history did when it was taken, whatever the history does next. */
class HistoryCopyTest {

    private static TableState rows(long key, int size) {
        return TableState.of(Map.of(key, new byte[size]));
    }

    @Test
    void aCopyKeepsStatesOutcomesAndBoundsAndIsNotChangedByTheOriginal() {
        History history = new History();
        history.commitStarted(rows(1, 1));
        history.commitAcknowledged();
        history.checkpointReturned();
        history.commitStarted(rows(2, 2));
        history.commitIndeterminate();
        history.readSaw(1);

        History copy = history.copy();
        assertEquals(history.bounds(), copy.bounds());
        assertEquals(1, copy.bounds().seen());
        assertEquals(history.last(), copy.last());
        for (int k = 0; k <= history.last(); k++) {
            assertSame(history.state(k), copy.state(k));
            assertEquals(history.outcome(k), copy.outcome(k));
        }

        history.resolveIndeterminate(1); // commit 2 never happened: the program builds on commit 1
        history.commitStarted(rows(3, 3));
        history.commitAcknowledged();
        assertEquals(2, copy.last());
        assertEquals(CommitOutcome.INDETERMINATE, copy.outcome(2));
        assertFalse(copy.state(2).sameAs(history.state(2)), "commit 2 of the copy is still the old one");
        assertTrue(copy.state(2).sameAs(rows(2, 2)));
    }
}
