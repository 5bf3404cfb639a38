package dev.crashbench.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A batch inside a transaction runs every parameter set in one execution (the session's batch
 * path); it must leave exactly what running the sets one by one leaves: the same counts, the same
 * failing set, the failing set's own changes undone (index keys included) and the earlier sets'
 * kept, and a transaction that goes on.
 */
class BatchInTransactionTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String SCHEMA = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE, w REAL)";

    /** What a run left: the counts or the failure, then the table after a commit. */
    private record Outcome(String counts, List<String> rows) {
    }

    private static Outcome run(String sql, List<Object[]> sets, boolean batched, String... after) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:crashbench:mem:batch" + NAMES.incrementAndGet())) {
            try (Statement s = c.createStatement()) {
                s.execute(SCHEMA);
                s.execute("INSERT INTO t VALUES (100, 'old', 0.5)");
            }
            c.setAutoCommit(false);
            String counts;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                counts = batched ? batch(p, sets) : oneByOne(p, sets);
            }
            try (Statement s = c.createStatement()) {
                for (String q : after) {
                    s.execute(q);
                }
            }
            c.commit();
            return new Outcome(counts, rows(c));
        }
    }

    private static String batch(PreparedStatement p, List<Object[]> sets) throws SQLException {
        for (Object[] set : sets) {
            bind(p, set);
            p.addBatch();
        }
        try {
            return Arrays.toString(p.executeLargeBatch());
        } catch (BatchUpdateException e) {
            return Arrays.toString(e.getLargeUpdateCounts()) + " then " + e.getSQLState();
        }
    }

    private static String oneByOne(PreparedStatement p, List<Object[]> sets) throws SQLException {
        List<Long> counts = new ArrayList<>();
        for (Object[] set : sets) {
            bind(p, set);
            try {
                counts.add(p.executeLargeUpdate());
            } catch (SQLException e) {
                return counts + " then " + e.getSQLState();
            }
        }
        return counts.toString();
    }

    private static void bind(PreparedStatement p, Object[] set) throws SQLException {
        for (int i = 0; i < set.length; i++) {
            p.setObject(i + 1, set[i]);
        }
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, v, w FROM t ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getObject(1) + "|" + rs.getObject(2) + "|" + rs.getObject(3));
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t WHERE v = 'b'")) {
            rows.add("by index b: " + (rs.next() ? rs.getObject(1) : "none"));
        }
        return rows;
    }

    private static Outcome same(String sql, List<Object[]> sets, String... after) throws SQLException {
        Outcome oneByOne = run(sql, sets, false, after);
        Outcome batched = run(sql, sets, true, after);
        assertEquals(oneByOne, batched);
        return batched;
    }

    @Test
    void aSetThatFailsUndoesItsOwnRowsAndKeepsTheEarlierSets() throws SQLException {
        // The third set's first row is written (row and index key) before its second row fails.
        Outcome o = same("INSERT INTO t (id, v, w) VALUES (?, ?, ?), (?, ?, ?)", List.of(
                new Object[] {1, "a", 1.0, 2, "c", 2.0},
                new Object[] {3, "d", 3.0, 4, "e", Double.NaN},
                new Object[] {5, "b", 5.0, 100, "f", 6.0},
                new Object[] {7, "g", 7.0, 8, "h", 8.0}),
                "INSERT INTO t VALUES (9, 'b', 9.0)");
        assertEquals("[2, 2] then 23505", o.counts());
        assertEquals(List.of("1|a|1.0", "2|c|2.0", "3|d|3.0", "4|e|null", "9|b|9.0", "100|old|0.5", "by index b: 9"),
                o.rows());
    }

    @Test
    void aUniqueIndexConflictStopsTheBatchAtItsSet() throws SQLException {
        Outcome o = same("INSERT INTO t (v) VALUES (?)", List.of(
                new Object[] {"a"}, new Object[] {"b"}, new Object[] {"old"}, new Object[] {"c"}));
        assertEquals("[1, 1] then 23505", o.counts());
        assertEquals(List.of("100|old|0.5", "101|a|null", "102|b|null", "by index b: 102"), o.rows());
    }

    @Test
    void updatesAndDeletesRunAsTheirSetsWould() throws SQLException {
        Outcome updated = same("UPDATE t SET v = ?, w = w + 1 WHERE id = ?", List.of(
                new Object[] {"b", 100}, new Object[] {"x", 5}, new Object[] {"b", 100}));
        assertEquals("[1, 0, 1]", updated.counts());
        assertEquals(List.of("100|b|2.5", "by index b: 100"), updated.rows());
        Outcome deleted = same("DELETE FROM t WHERE id = ? OR v = ?", List.of(
                new Object[] {5, "none"}, new Object[] {6, "old"}));
        assertEquals("[0, 1]", deleted.counts());
        assertEquals(List.of("by index b: none"), deleted.rows());
    }

    @Test
    void aFailedBatchLeavesTheTransactionUsableAndTheStatementWithoutAResult() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:crashbench:mem:batch" + NAMES.incrementAndGet())) {
            try (Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (Object[] set : List.of(new Object[] {1, "a"}, new Object[] {2, "b"})) {
                    bind(p, set);
                    p.addBatch();
                }
                assertArrayEquals(new int[] {1, 1}, p.executeBatch());
                assertEquals(1, p.getUpdateCount());
                try (ResultSet keys = p.getGeneratedKeys()) {
                    List<Long> ids = new ArrayList<>();
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                    assertEquals(List.of(1L, 2L), ids);
                }
                bind(p, new Object[] {2, "z"});
                p.addBatch();
                BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
                assertEquals("23505", e.getSQLState());
                assertEquals(0, e.getLargeUpdateCounts().length);
                assertEquals(-1, p.getUpdateCount());
            }
            c.commit();
            assertEquals(List.of("1|a|null", "2|b|null", "by index b: 2"), rows(c));
        }
    }
}
