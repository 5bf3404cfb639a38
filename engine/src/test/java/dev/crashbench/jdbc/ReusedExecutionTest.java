package dev.crashbench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session reuses one execution context, its scratch rows and its undo log from statement to
 * statement, and an UPDATE or DELETE does not decode the columns it replaces and never reads.
 * None of that may show: each case runs with and without {@code writer_reuse}.
 */
class ReusedExecutionTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static Connection open(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:crashbench:mem:reused" + NAMES.incrementAndGet() + options);
    }

    private static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?writer_reuse=true"})
    void anUpdateKeepsTheColumnsItDoesNotSetAndReadsTheOnesItUses(String options) throws SQLException {
        try (Connection c = open(options)) {
            exec(c, "CREATE TABLE w (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c INTEGER)",
                    "INSERT INTO w VALUES (1, 'a1', 'b1', 10), (2, 'a2', 'b2', 20)");
            try (PreparedStatement setB = c.prepareStatement("UPDATE w SET b = ? WHERE id = ?")) {
                setB.setString(1, "new");
                setB.setLong(2, 1);
                assertEquals(1, setB.executeUpdate());
            }
            exec(c, "UPDATE w SET a = b || '!' WHERE id = 1", "UPDATE w SET c = c + 1 WHERE a = 'a2'");
            assertEquals(List.of("1|new!|new|10", "2|a2|b2|21"), rows(c, "SELECT id, a, b, c FROM w ORDER BY id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?writer_reuse=true"})
    void anIndexedColumnIsReadAndItsIndexFollows(String options) throws SQLException {
        try (Connection c = open(options)) {
            exec(c, "CREATE TABLE w (id INTEGER PRIMARY KEY, b TEXT)", "CREATE INDEX w_b ON w (b)",
                    "INSERT INTO w VALUES (1, 'old'), (2, 'other')");
            try (PreparedStatement setB = c.prepareStatement("UPDATE w SET b = ? WHERE id = 1")) {
                setB.setString(1, "new");
                setB.executeUpdate();
            }
            assertEquals(List.of(), rows(c, "SELECT id FROM w WHERE b = 'old'"));
            assertEquals(List.of("1"), rows(c, "SELECT id FROM w WHERE b = 'new'"));
            exec(c, "DELETE FROM w WHERE id = 1");
            assertEquals(List.of(), rows(c, "SELECT id FROM w WHERE b = 'new'"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?writer_reuse=true"})
    void aFailedStatementIsUndoneAndTheNextOneRunsOnCleanState(String options) throws SQLException {
        try (Connection c = open(options)) {
            exec(c, "CREATE TABLE u (id INTEGER PRIMARY KEY, v INTEGER UNIQUE, note TEXT)");
            for (int i = 1; i <= 20; i++) {
                exec(c, "INSERT INTO u VALUES (" + i + ", " + i * 10 + ", 'n" + i + "')");
            }
            exec(c, "INSERT INTO u VALUES (21, 95, 'n21')");
            c.setAutoCommit(false);
            // Rows change in key order: rows 1..8 take v + 5, then row 9's 95 is row 21's, so the
            // statement fails after eight changes, and all eight are undone.
            SQLException e = assertThrows(SQLException.class, () -> exec(c, "UPDATE u SET v = v + 5 WHERE id < 20"));
            assertEquals("23505", e.getSQLState());
            exec(c, "UPDATE u SET note = 'x' || note WHERE id > 15 AND id < 21");
            c.commit();
            List<String> all = rows(c, "SELECT id, v, note FROM u ORDER BY id");
            assertEquals(21, all.size());
            for (int i = 1; i <= 20; i++) {
                assertEquals(i + "|" + i * 10 + "|" + (i > 15 ? "x" : "") + "n" + i, all.get(i - 1));
            }
            assertEquals("21|95|n21", all.get(20));
        }
    }

    /** Rows past a page (overflow chains) and more old bytes than the undo log's first arena. */
    @ParameterizedTest
    @ValueSource(strings = {"", "?writer_reuse=true"})
    void aFailedStatementOverLargeRowsIsUndoneByteForByte(String options) throws SQLException {
        try (Connection c = open(options)) {
            exec(c, "CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER UNIQUE, body TEXT)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO big VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 6; i++) {
                    insert.setLong(1, i);
                    insert.setLong(2, i == 6 ? 45 : i * 10);
                    insert.setString(3, String.valueOf((char) ('a' + i)).repeat(3000 * i));
                    insert.executeUpdate();
                }
            }
            // Rows 1..3 take v + 5 and a new body; row 4's 45 is row 6's, so the statement fails after three rows.
            SQLException e = assertThrows(SQLException.class,
                    () -> exec(c, "UPDATE big SET v = v + 5, body = 'short' WHERE id < 6"));
            assertEquals("23505", e.getSQLState());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, v, body FROM big ORDER BY id")) {
                for (int i = 1; i <= 6; i++) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getLong(1));
                    assertEquals(i == 6 ? 45 : i * 10, rs.getLong(2));
                    assertEquals(String.valueOf((char) ('a' + i)).repeat(3000 * i), rs.getString(3));
                }
            }
            exec(c, "UPDATE big SET body = 'short' WHERE id = 6");
            assertEquals(List.of("short"), rows(c, "SELECT body FROM big WHERE id = 6"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?writer_reuse=true"})
    void aHashJoinIsBuiltAgainForEachExecution(String options) throws SQLException {
        try (Connection c = open(options)) {
            exec(c, "CREATE TABLE l (id INTEGER PRIMARY KEY, x INTEGER)", "CREATE TABLE r (id INTEGER PRIMARY KEY, y INTEGER)",
                    "INSERT INTO l VALUES (1, 5)", "INSERT INTO r VALUES (1, 5)");
            String join = "SELECT l.id, r.id FROM l JOIN r ON l.x = r.y ORDER BY l.id, r.id";
            assertTrue(rows(c, "EXPLAIN " + join).toString().contains("HASH JOIN"), rows(c, "EXPLAIN " + join).toString());
            try (PreparedStatement query = c.prepareStatement(join)) {
                assertEquals(List.of("1|1"), read(query));
                exec(c, "INSERT INTO r VALUES (2, 5)");
                assertEquals(List.of("1|1", "1|2"), read(query), "the second execution sees the row inserted between");
            }
        }
    }

    private static List<String> read(PreparedStatement query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?writer_reuse=true"})
    void aBatchKeepsEachRowsParameters(String options) throws SQLException {
        try (Connection c = open(options)) {
            exec(c, "CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO b VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "v" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            assertEquals(List.of("1|v1", "2|v2", "3|v3"), rows(c, "SELECT id, v FROM b ORDER BY id"));
        }
    }
}
