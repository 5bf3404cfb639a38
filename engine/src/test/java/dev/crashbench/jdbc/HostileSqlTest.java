package dev.crashbench.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile statements a probe found (issue 14 item 5), each with the answer it must get now:
 * fast, an SQLException with a meaningful SQLState (or success where SQLite succeeds), and a
 * connection that still works afterwards.
 */
class HostileSqlTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** Far above a parse of these statements, far below the 24 s to 300 s they took before. */
    private static final Duration FAST = Duration.ofSeconds(1);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:crashbench:mem:hostile" + NAMES.incrementAndGet());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE a (k INTEGER PRIMARY KEY, x INTEGER, t TEXT, r REAL)");
            s.execute("INSERT INTO a VALUES (1, 2, 'one', 1.5), (2, 1, 'two', 0.5)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "SELECT (((1|42000",
            "SELECT ((((1|42000",
            "SELECT ((((((((((((((((((((((((((((((((((((((((1|54001",
            "SELECT ((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))|54001",
            "SELECT ((((((((1 +))))))))|42000",
            "SELECT ((((,))))|42000",
            "SELECT (SELECT (SELECT (SELECT (SELECT (SELECT ))))) |54001",
            "SELECT CASE WHEN CASE WHEN CASE WHEN CASE WHEN CASE WHEN 1|54001",
            "SELECT [[[[[[[[[[[[1 +|54001",
            "DELETE FROM WHERE x|42000",
            "UPDATE SET x = 1|42000",
            "SELECT x (+) -1 FROM a|42000",
            "SELECT k FROM a ORDER BY 0|42000",
            "SELECT k FROM a ORDER BY 2|42000",
    })
    void failsFastWithItsSqlState(String sql, String state) {
        SQLException e = assertThrows(SQLException.class, () -> assertTimeoutPreemptively(FAST, () -> execute(sql)));
        assertEquals(state, e.getSQLState(), e.getMessage());
        assertStillUsable();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SELECT ((((((((((((1))))))))))))",
            "SELECT k FROM a WHERE ((((((((((((k = 1))))))))))))",
            "SELECT k FROM a ORDER BY 9223372036854775808",
            "SELECT k FROM a GROUP BY 9223372036854775808",
            "SELECT k FROM a ORDER BY 4294967297",
    })
    void succeedsFastWhereSqliteSucceeds(String sql) {
        assertTimeoutPreemptively(FAST, () -> execute(sql));
        assertStillUsable();
    }

    @Test
    void anExpressionTreeTooDeepToEvaluateIsRefused() {
        SQLException e = assertThrows(SQLException.class, () -> execute("SELECT " + "1+".repeat(2_000) + "1"));
        assertEquals("54001", e.getSQLState(), e.getMessage());
        assertStillUsable();
    }

    @Test
    void nanBindsAsNullAndInfinityStaysAReal() throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO a (k, t, r) VALUES (?, ?, ?)")) {
            p.setObject(1, 10L);
            p.setObject(2, Double.NaN);
            p.setObject(3, Float.NaN);
            p.executeUpdate();
            p.setObject(1, 11L);
            p.setObject(2, Double.POSITIVE_INFINITY);
            p.setObject(3, Double.NEGATIVE_INFINITY);
            p.executeUpdate();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT t, r FROM a WHERE k >= 10 ORDER BY k")) {
            assertTrue(rs.next());
            assertNull(rs.getObject(1));
            assertNull(rs.getObject(2));
            assertTrue(rs.next());
            assertEquals("Inf", rs.getString(1)); // SQLite's text for +Infinity
            assertEquals(Double.NEGATIVE_INFINITY, rs.getDouble(2));
        }
    }

    @Test
    void nanInLimitIsADatatypeMismatchAndInLikeMatchesNothing() throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT k FROM a LIMIT ?")) {
            p.setObject(1, Double.NaN);
            assertEquals("22018", assertThrows(SQLException.class, p::executeQuery).getSQLState()); // as SQLite: LIMIT NULL
        }
        try (PreparedStatement p = c.prepareStatement("SELECT k FROM a WHERE t LIKE ?")) {
            p.setObject(1, Double.NaN);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(!rs.next());
            }
        }
        assertStillUsable();
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    private void assertStillUsable() {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        } catch (SQLException e) {
            throw new AssertionError("the connection is no longer usable", e);
        }
    }
}
