package dev.crashbench.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void anOddCountTakesTheMiddleRound() {
        Spread s = Spread.of(List.of(130.0, 90.0, 110.0, 500.0, 100.0));
        assertEquals(110.0, s.median());
        assertEquals(90.0, s.min());
        assertEquals(500.0, s.max());
        assertEquals(5, s.rounds());
    }

    @Test
    void anEvenCountTakesTheMeanOfTheTwoMiddleRounds() {
        Spread s = Spread.of(List.of(4.0, 1.0, 3.0, 10.0));
        assertEquals(3.5, s.median());
        assertEquals(1.0, s.min());
        assertEquals(10.0, s.max());
    }

    @Test
    void oneRoundIsItsOwnMedianAndRange() {
        Spread s = Spread.of(List.of(7.0));
        assertEquals(7.0, s.median());
        assertEquals(7.0, s.min());
        assertEquals(7.0, s.max());
    }

    @Test
    void noRoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }
}
