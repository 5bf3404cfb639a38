package dev.crashbench.engine.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NestingScanTest {
    @Test
    void countsParenthesesAndBrackets() {
        NestingScan scan = NestingScan.of("SELECT ((1) + [2, (3)])");
        assertEquals(3, scan.maxDepth());
        assertEquals(NestingScan.BALANCED, scan.unbalancedAt());
    }

    @Test
    void ignoresLiteralsQuotedIdentifiersAndComments() {
        NestingScan scan = NestingScan.of("SELECT '((' || 'it''s (' AS \"a(\"\"\", `(` -- ((\n /* (( */ $$((($$ FROM t // (\n");
        assertEquals(0, scan.maxDepth());
        assertEquals(NestingScan.BALANCED, scan.unbalancedAt());
    }

    @Test
    void findsTheOutermostUnclosedParenthesis() {
        assertEquals(7, NestingScan.of("SELECT (((1").unbalancedAt());
        assertEquals(3, NestingScan.of("SELECT (((1").maxDepth());
    }

    @Test
    void findsACloseWithoutAnOpen() {
        assertEquals(9, NestingScan.of("SELECT 1 ) + (2").unbalancedAt());
    }

    @Test
    void countsSubqueriesCaseAndBracketsAsCostly() {
        assertEquals(0, NestingScan.of("SELECT (1 + (2)) FROM t WHERE (a = 1)").maxCostlyDepth());
        assertEquals(2, NestingScan.of("SELECT (SELECT (SELECT 1))").maxCostlyDepth()); // the outer SELECT is no subquery
        assertEquals(1, NestingScan.of("SELECT (SELECT 1), (SELECT 2), (SELECT 3)").maxCostlyDepth());
        assertEquals(2, NestingScan.of("SELECT CASE WHEN CASE WHEN 1 THEN 2 END THEN 3 END").maxCostlyDepth());
        assertEquals(1, NestingScan.of("SELECT CASE WHEN 1 THEN 2 END, CASE WHEN 1 THEN 2 END").maxCostlyDepth());
        assertEquals(3, NestingScan.of("SELECT [[[1]]]").maxCostlyDepth());
        assertEquals(0, NestingScan.of("SELECT casex, endx, selected FROM t").maxCostlyDepth());
    }
}
