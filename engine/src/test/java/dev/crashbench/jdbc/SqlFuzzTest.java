package dev.crashbench.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SQL fuzzing through the JDBC driver (issue 14 item 5): statements drawn from seed 1 — valid
 * statements of the subset, mutations of them (a span cut, repeated or moved, a fragment put in,
 * a prefix nested many times) and strings of grammar fragments — each run with random
 * parameters (NaN and the infinities among them). Every statement must succeed or fail with an
 * SQLException whose SQLState is set and is not the internal-error one, within its deadline, and
 * the connection must answer {@code SELECT 1} afterwards. The outcome counts and the slowest
 * statement's time are printed.
 */
class SqlFuzzTest {
    /** Seed 1 and 3,000 statements in the suite; {@code -Dcrashbench.sqlFuzzSeed=S -Dcrashbench.sqlFuzzStatements=N} for a larger run. */
    private static final long SEED = Long.getLong("crashbench.sqlFuzzSeed", 1);
    private static final int STATEMENTS = Integer.getInteger("crashbench.sqlFuzzStatements", 3_000);
    /** Above the parser's own timeout, with room for a loaded machine. */
    private static final long DEADLINE_MILLIS = 6_000;

    private static final String[] VALID = {
        "SELECT k, x, t, r FROM a WHERE k = ?",
        "SELECT * FROM a WHERE x BETWEEN ? AND ? ORDER BY k DESC LIMIT 3",
        "SELECT count(*), sum(x), max(t) FROM a GROUP BY x HAVING count(*) > ?",
        "SELECT a.k, b.v FROM a JOIN b ON a.k = b.k WHERE b.v LIKE ?",
        "SELECT a.k, b.v FROM a LEFT JOIN b ON a.k = b.k ORDER BY 1",
        "SELECT k FROM a WHERE t IN ('one', 'two', ?) AND r IS NOT NULL",
        "SELECT (x + 1) * 2 - k / 3, t || '!' FROM a ORDER BY 2 LIMIT ? OFFSET 1",
        "SELECT abs(x), length(t), coalesce(r, 0) FROM a",
        "SELECT DISTINCT x FROM a WHERE NOT (x = 1 OR x > ?)",
        "INSERT INTO a (k, x, t, r) VALUES (?, ?, ?, ?)",
        "INSERT INTO b VALUES (?, 'v'), (?, 'w')",
        "UPDATE a SET x = x + 1, t = ? WHERE k = ?",
        "UPDATE b SET v = v || 'x' WHERE k > ?",
        "DELETE FROM a WHERE k = ?",
        "DELETE FROM b WHERE v LIKE 'w%'",
        "CREATE TABLE c (k INTEGER PRIMARY KEY, v TEXT NOT NULL)",
        "CREATE INDEX ax ON a (x)",
        "DROP INDEX ax",
        "DROP TABLE c",
        "EXPLAIN SELECT * FROM a WHERE x = 1",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
    };

    private static final String[] FRAGMENTS = {
        "(", "(", "(", ")", ")", "[", "]", ",", ";", "'", "\"", "`", "--", "/*", "*/", "?", "*", "+", "-", "/",
        "%", "||", "=", "<>", "<", ">=", "(+)", "->", "::", ".", "SELECT", "FROM", "WHERE", "AND", "OR", "NOT",
        "NULL", "IS", "IN", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "ORDER BY", "GROUP BY",
        "HAVING", "LIMIT", "OFFSET", "JOIN", "ON", "UNION", "VALUES", "INSERT INTO", "UPDATE", "SET", "DELETE",
        "CREATE TABLE", "DROP", "INDEX", "a", "b", "k", "x", "t", "r", "a.k", "count(*)", "abs", "max", "1", "0",
        "-1", "2.5", "1e309", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "X'00ff'",
        "'text'", "''", "CAST", "AS", "INTEGER", "DISTINCT", "ALL", "EXISTS", "WITH", "OVER", "PARTITION BY",
    };

    private static final Object[] VALUES = {
        null, 0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 2.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, Float.NaN, "", "one", "%", "_", "x".repeat(5_000), new byte[] {1, 2},
        new byte[0], 3, true,
    };

    @Test
    void everyStatementSucceedsOrFailsCleanlyAndFast() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        long slowestNanos = 0;
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sql-fuzz");
            t.setDaemon(true);
            return t;
        });
        try (Connection c = DriverManager.getConnection("jdbc:crashbench:mem:sqlfuzz" + SEED)) {
            setUp(c);
            for (int i = 0; i < STATEMENTS; i++) {
                String sql = statement(random);
                Object[] params = parameters(random);
                long start = System.nanoTime();
                Future<String> run = runner.submit(() -> outcome(c, sql, params));
                String outcome;
                try {
                    outcome = run.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                    slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    fail("statement " + i + " ran past " + DEADLINE_MILLIS + " ms: " + sql);
                    return;
                } catch (ExecutionException e) {
                    throw new AssertionError("statement " + i + " escaped as " + e.getCause() + ": " + sql, e.getCause());
                }
                outcomes.merge(outcome, 1, Integer::sum);
                Future<Integer> probe = runner.submit(() -> selectOne(c));
                assertEquals(1, probe.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS), "SELECT 1 after statement " + i + ": " + sql);
            }
        } finally {
            runner.shutdownNow();
        }
        System.out.println("SQL fuzz, seed " + SEED + ", " + STATEMENTS + " statements: " + outcomes + "; slowest "
                + TimeUnit.NANOSECONDS.toMillis(slowestNanos) + " ms");
        assertTrue(outcomes.getOrDefault("ok", 0) > STATEMENTS / 20, "the fuzz must also run statements that succeed: " + outcomes);
        assertTrue(outcomes.keySet().stream().anyMatch(o -> o.startsWith("54001")), "the fuzz must reach the nesting limit: " + outcomes);
    }

    private static void setUp(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE a (k INTEGER PRIMARY KEY, x INTEGER, t TEXT, r REAL)");
            s.execute("CREATE TABLE b (k INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO a VALUES (1, 2, 'one', 1.5), (2, 1, 'two', 0.5), (3, NULL, NULL, NULL)");
            s.execute("INSERT INTO b VALUES (1, 'x'), (3, 'y')");
        }
    }

    /** "ok", or the SQLState of the SQLException; anything else thrown fails the test. */
    private static String outcome(Connection c, String sql, Object[] params) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                try {
                    p.setObject(i + 1, params[i]);
                } catch (SQLException outOfRange) {
                    break; // fewer parameters than drawn
                }
            }
            if (p.execute()) {
                try (ResultSet rs = p.getResultSet()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            return "ok";
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state == null || state.equals("XX000")) {
                throw new AssertionError("SQLState " + state + " for: " + sql, e);
            }
            return state;
        }
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Object[] parameters(SplittableRandom random) {
        Object[] params = new Object[random.nextInt(6)];
        for (int i = 0; i < params.length; i++) {
            params[i] = VALUES[random.nextInt(VALUES.length)];
        }
        return params;
    }

    static String statement(SplittableRandom random) {
        String valid = VALID[random.nextInt(VALID.length)];
        switch (random.nextInt(8)) {
            case 0:
                return valid;
            case 1:
                return fragments(random, 1 + random.nextInt(25));
            case 2:
                return nested(random, valid);
            default:
                return mutate(random, valid, 1 + random.nextInt(3));
        }
    }

    private static String fragments(SplittableRandom random, int count) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return String.join(" ", parts);
    }

    /** A fragment repeated at one place: nesting from 1 to 60 levels, closed or not. */
    private static String nested(SplittableRandom random, String valid) {
        String[] openers = {"(", "((", "(SELECT ", "CASE WHEN ", "[", "abs(", "NOT ", "-", "(1 + ", "(k IN ("};
        String opener = openers[random.nextInt(openers.length)];
        int depth = 1 + random.nextInt(60);
        int at = random.nextInt(valid.length() + 1);
        String closer = random.nextBoolean() ? ")".repeat((int) opener.chars().filter(ch -> ch == '(').count() * depth) : "";
        return valid.substring(0, at) + opener.repeat(depth) + "1" + closer + valid.substring(at);
    }

    private static String mutate(SplittableRandom random, String valid, int edits) {
        String s = valid;
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int from = random.nextInt(s.length());
            int to = Math.min(s.length(), from + 1 + random.nextInt(12));
            switch (random.nextInt(4)) {
                case 0:
                    s = s.substring(0, from) + s.substring(to);
                    break;
                case 1:
                    s = s.substring(0, to) + s.substring(from, to) + s.substring(to);
                    break;
                case 2:
                    s = s.substring(0, from) + " " + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + " " + s.substring(from);
                    break;
                default:
                    String span = s.substring(from, to);
                    String rest = s.substring(0, from) + s.substring(to);
                    int at = random.nextInt(rest.length() + 1);
                    s = rest.substring(0, at) + span + rest.substring(at);
            }
        }
        return s;
    }
}
