package dev.crashbench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hash join yields the rows it stored without copying them, and GROUP BY looks its groups up
 * with a scratch key and keeps one last-row copy per group: the same data joined through a hash
 * join (no index on the join column) and through an index lookup (the same tables with an index)
 * must give the results SQLite gives for the same data, row for row (SQLite is the oracle: both of
 * this engine's plans share the GROUP BY code), for inner and left joins, NULL and duplicate join
 * values, join values given as integers, text and reals (stored as integers by the column's
 * affinity), bare columns beside aggregates (against the index plan only: see {@link #BARE_COLUMNS})
 * and a join run several times on one prepared statement.
 */
class HashJoinResultsTest {
    private static final String[] QUERIES = {
        "SELECT u.id, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.id",
        "SELECT u.name, count(o.id), max(o.amount) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.name ORDER BY 1",
        "SELECT u.id, o.id, o.amount FROM users u JOIN orders o ON o.user_id = u.id ORDER BY u.id, o.id",
        "SELECT u.id, o.id FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.id IS NULL ORDER BY u.id",
        "SELECT o.user_id, total(o.amount) FROM users u JOIN orders o ON o.user_id = u.id WHERE o.amount > 10 GROUP BY o.user_id HAVING count(*) > 2 ORDER BY 2 DESC, 1",
    };

    /**
     * A bare column beside an aggregate takes a row of the group that SQLite leaves unspecified
     * (this engine: the last one its plan met): compared between this engine's two plans only,
     * which meet a group's rows in the same (row id) order.
     */
    private static final String BARE_COLUMNS =
            "SELECT u.id, count(o.id), o.amount, o.id FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.id";

    /** Users 1..60 (51..60 with no orders); orders whose user_id is given as an integer, its text or a real, is NULL, or names no user. */
    private static Connection filled(String url, boolean indexed) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        SplittableRandom random = new SplittableRandom(15);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL)");
            if (indexed) {
                s.execute("CREATE INDEX orders_user ON orders (user_id)");
            }
        }
        c.setAutoCommit(false);
        try (PreparedStatement users = c.prepareStatement("INSERT INTO users VALUES (?, ?)");
             PreparedStatement orders = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
            for (int u = 1; u <= 60; u++) {
                users.setLong(1, u);
                users.setString(2, "user-" + (u % 17)); // names repeat: groups of several users
                users.executeUpdate();
            }
            for (int id = 1; id <= 1_500; id++) {
                int user = random.nextInt(20) == 0 ? 61 + random.nextInt(5) : 1 + random.nextInt(50); // 61..65: no such user
                orders.setLong(1, id);
                switch (random.nextInt(10)) {
                    case 0 -> orders.setObject(2, null);
                    case 1 -> orders.setString(2, Integer.toString(user));
                    case 2 -> orders.setDouble(2, user);
                    default -> orders.setLong(2, user);
                }
                orders.setDouble(3, random.nextInt(400) / 4.0);
                orders.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return c;
    }

    private static List<String> rows(PreparedStatement p) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|'); // text: SQLite's driver boxes small integers as Integer
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String plan(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
            return String.join("\n", rows(p));
        }
    }

    @Test
    void aHashJoinGivesWhatAnIndexLookupGives() throws SQLException {
        try (Connection hashed = filled("jdbc:crashbench:mem:hash-join-results", false);
             Connection indexed = filled("jdbc:crashbench:mem:index-join-results", true);
             Connection sqlite = filled("jdbc:sqlite::memory:", false)) {
            for (String sql : QUERIES) {
                String hashPlan = plan(hashed, sql);
                assertTrue(hashPlan.contains("HASH JOIN orders AS o"), sql + "\n" + hashPlan);
                assertFalse(plan(indexed, sql).contains("HASH JOIN"), sql + "\n" + plan(indexed, sql));
                try (PreparedStatement h = hashed.prepareStatement(sql);
                     PreparedStatement i = indexed.prepareStatement(sql);
                     PreparedStatement oracle = sqlite.prepareStatement(sql)) {
                    List<String> expected = rows(oracle);
                    assertFalse(expected.isEmpty(), sql);
                    assertEquals(expected, rows(i), sql + " through the index");
                    for (int run = 0; run < 3; run++) {
                        assertEquals(expected, rows(h), sql + " through the hash join (run " + run + " of one prepared statement)");
                    }
                }
            }
            try (PreparedStatement h = hashed.prepareStatement(BARE_COLUMNS);
                 PreparedStatement i = indexed.prepareStatement(BARE_COLUMNS)) {
                assertTrue(plan(hashed, BARE_COLUMNS).contains("HASH JOIN orders AS o"));
                List<String> expected = rows(i);
                assertEquals(50, expected.size());
                assertEquals(expected, rows(h));
                assertEquals(expected, rows(h), "run again on the same prepared statement");
            }
        }
    }
}
