package dev.crashbench.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Semantics of each statement kind through the driver, on a memory database per test. */
class JdbcSemanticsTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private String url;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:crashbench:mem:semantics" + NAMES.incrementAndGet();
        c = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private void exec(String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Rows as lists of getObject values. */
    private List<List<Object>> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(v instanceof byte[] ? Arrays.toString((byte[]) v) : v);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static String state(SQLException e) {
        return e.getSQLState();
    }

    @Test
    void createInsertSelectWithDefaultsNullsAndAffinity() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 5, r REAL, s TEXT DEFAULT 'x', b BLOB)");
        exec("INSERT INTO t (id, n, r, s, b) VALUES (1, '12', 3, 4, X'00ff')", "INSERT INTO t (r) VALUES (NULL)",
                "INSERT INTO t (id, n, r, s) VALUES (10, 2.0, '1.5', NULL)");
        assertEquals(List.of(row(1L, 12L, 3.0, "4", "[0, -1]"), row(2L, 5L, null, "x", null), row(10L, 2L, 1.5, null, null)),
                query("SELECT * FROM t"));
        assertEquals(List.of(row("integer", "real", "text", "blob")), query("SELECT typeof(n), typeof(r), typeof(s), typeof(b) FROM t WHERE id = 1"));
        assertEquals(List.of(), query("SELECT * FROM t WHERE id = 99"));
        assertEquals(List.of(row(0L)), query("SELECT count(*) FROM t WHERE s = NULL"));
        assertEquals(List.of(row(2L)), query("SELECT count(*) FROM t WHERE s IS NOT NULL"));
        assertEquals(List.of(row(null, null, null)), query("SELECT sum(r), max(s), avg(n) FROM t WHERE id > 100"));
    }

    @Test
    void typeErrorsAndConstraintsFailTheStatementButKeepTheTransaction() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)");
        c.setAutoCommit(false);
        exec("INSERT INTO t VALUES (1, 'a', 'a@x')");
        SQLException duplicate = assertThrows(SQLException.class, () -> exec("INSERT INTO t VALUES (2, 'b', 'b@x'), (1, 'c', 'c@x')"));
        assertEquals("23505", state(duplicate));
        SQLException unique = assertThrows(SQLException.class, () -> exec("INSERT INTO t VALUES (3, 'd', 'a@x')"));
        assertEquals("23505", state(unique));
        SQLException notNull = assertThrows(SQLException.class, () -> exec("INSERT INTO t (id, email) VALUES (4, 'e@x')"));
        assertEquals("23502", state(notNull));
        SQLException mismatch = assertThrows(SQLException.class, () -> exec("INSERT INTO t VALUES ('abc', 'f', NULL)"));
        assertEquals("22018", state(mismatch));
        // Row 2 of the failed multi-row INSERT was undone with it; the transaction is still usable.
        exec("INSERT INTO t VALUES (2, 'b2', NULL), (5, 'e', NULL)");
        assertEquals("23505", state(assertThrows(SQLException.class, () -> exec("UPDATE t SET email = 'a@x' WHERE id = 5"))));
        assertEquals("23505", state(assertThrows(SQLException.class, () -> exec("UPDATE t SET id = 1 WHERE id = 2"))));
        assertEquals("23502", state(assertThrows(SQLException.class, () -> exec("UPDATE t SET name = NULL"))));
        c.commit();
        assertEquals(List.of(row(1L, "a", "a@x"), row(2L, "b2", null), row(5L, "e", null)), query("SELECT * FROM t"));
        // Several NULLs never conflict in a UNIQUE index.
        assertEquals(List.of(row(2L)), query("SELECT count(*) FROM t WHERE email IS NULL"));
    }

    @Test
    void updateAndDeleteMaintainIndexes() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v TEXT)", "CREATE INDEX t_k ON t (k)",
                "CREATE UNIQUE INDEX t_v ON t (v)");
        exec("INSERT INTO t (k, v) VALUES (1, 'a'), (1, 'b'), (2, 'c'), (NULL, 'd')");
        try (Statement s = c.createStatement()) {
            assertEquals(2, s.executeUpdate("UPDATE t SET k = k + 10 WHERE k = 1"));
            assertEquals(1, s.executeUpdate("DELETE FROM t WHERE v = 'c'"));
            assertEquals(0, s.executeUpdate("DELETE FROM t WHERE k = 1"));
            assertEquals(1, s.executeUpdate("UPDATE t SET id = 100 WHERE id = 4"));
        }
        assertEquals(List.of(row(1L, "a"), row(2L, "b")), query("SELECT id, v FROM t WHERE k = 11 ORDER BY id"));
        assertEquals(List.of(row(100L)), query("SELECT id FROM t WHERE v = 'd'"));
        assertTrue(query("EXPLAIN SELECT id FROM t WHERE k = ?", 11L).toString().contains("USING INDEX t_k"));
        assertTrue(query("EXPLAIN SELECT id FROM t WHERE v = 'd'").toString().contains("USING UNIQUE INDEX t_v"));
        assertTrue(query("EXPLAIN UPDATE t SET v = 'z' WHERE id = ?", 1L).toString().contains("INTEGER PRIMARY KEY"));
        exec("DROP INDEX t_k");
        assertTrue(query("EXPLAIN SELECT id FROM t WHERE k = 11").toString().contains("SCAN t"));
        assertEquals(List.of(row(1L), row(2L)), query("SELECT id FROM t WHERE k = 11 ORDER BY id"));
    }

    @Test
    void createUniqueIndexOverDuplicatesFailsAndLeavesNothing() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER)", "INSERT INTO t (k) VALUES (1), (2), (1)");
        SQLException e = assertThrows(SQLException.class, () -> exec("CREATE UNIQUE INDEX t_k ON t (k)"));
        assertEquals("23505", state(e));
        exec("CREATE INDEX t_k ON t (k)");
        assertEquals(List.of(row(1L), row(3L)), query("SELECT id FROM t WHERE k = 1 ORDER BY id"));
    }

    @Test
    void selectsJoinGroupOrderLimit() throws SQLException {
        exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL)",
                "INSERT INTO users VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
                "INSERT INTO orders (user_id, amount) VALUES (1, 10), (1, 5.5), (2, 1), (4, 100), (NULL, 7)");
        assertEquals(List.of(row(1L, 15.5), row(2L, 1.0)),
                query("SELECT u.id, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id"));
        assertEquals(List.of(row("ann", 2L), row("bob", 1L), row("cy", 0L)),
                query("SELECT u.name, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.name ORDER BY 1"));
        assertEquals(List.of(row("cy")), query("SELECT u.name FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.id IS NULL"));
        assertEquals(List.of(row(100.0), row(10.0)), query("SELECT amount FROM orders ORDER BY amount DESC LIMIT 2"));
        assertEquals(List.of(row(7.0), row(5.5)), query("SELECT amount FROM orders ORDER BY amount DESC LIMIT ? OFFSET ?", 2L, 2L));
        assertEquals(List.of(row((Object) null), row(1L), row(1L), row(2L), row(4L)), query("SELECT user_id FROM orders ORDER BY user_id"));
        assertEquals(List.of(row(4L), row(2L), row(1L), row(1L), row((Object) null)), query("SELECT user_id FROM orders ORDER BY user_id DESC"));
        assertEquals(List.of(row(1L, 2L)), query("SELECT user_id, count(*) AS n FROM orders GROUP BY user_id HAVING n > 1"));
        assertEquals(List.of(row(3L)), query("SELECT count(DISTINCT user_id) FROM orders"));
        assertEquals(List.of(row(2L, "bob")), query("SELECT id, name FROM users WHERE id BETWEEN 2 AND 2.5 OR name IN ('zed')"));
        assertEquals(List.of(row(3L)), query("SELECT 1 + 2"));
        assertTrue(query("EXPLAIN SELECT u.id, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id")
                .toString().contains("HASH JOIN orders AS o"));
        assertTrue(query("EXPLAIN SELECT * FROM orders o JOIN users u ON u.id = o.user_id").toString()
                .contains("SEARCH users AS u USING INTEGER PRIMARY KEY"));
    }

    @Test
    void largeTextAndBlobValuesUseOverflowPages() throws SQLException {
        exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT, data BLOB)", "CREATE INDEX docs_body ON docs (body)");
        String text = "héllo wörld ".repeat(20_000);
        byte[] blob = new byte[300_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO docs (body, data) VALUES (?, ?)")) {
            p.setString(1, text);
            p.setBytes(2, blob);
            p.executeUpdate();
            p.setString(1, text + "!");
            p.setBytes(2, new byte[0]);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id, body, data FROM docs WHERE body = ?")) {
            p.setString(1, text);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong("id"));
                assertEquals(text, rs.getString("body"));
                assertArrayEquals(blob, rs.getBytes(3));
                assertFalse(rs.next());
            }
        }
        assertEquals(List.of(row(2L, 0L)), query("SELECT id, length(data) FROM docs WHERE body > ?", text));
        exec("CREATE UNIQUE INDEX docs_unique ON docs (body)");
        SQLException e = assertThrows(SQLException.class, () -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO docs (body) VALUES (?)")) {
                p.setString(1, text + "!");
                p.executeUpdate();
            }
        });
        assertEquals("23505", state(e));
    }

    @Test
    void preparedStatementsBatchesAndGeneratedKeys() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setInt(1, 7);
            assertEquals(1, p.executeUpdate());
            try (ResultSet keys = p.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(1, keys.getLong(1));
            }
            for (int i = 0; i < 3; i++) {
                p.setLong(1, i);
                p.addBatch();
            }
            assertArrayEquals(new int[] {1, 1, 1}, p.executeBatch());
            try (ResultSet keys = p.getGeneratedKeys()) {
                List<Long> ids = new ArrayList<>();
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
                assertEquals(List.of(2L, 3L, 4L), ids);
            }
            p.setNull(1, Types.INTEGER);
            p.addBatch();
            p.clearParameters();
            SQLException unset = assertThrows(SQLException.class, p::executeUpdate);
            assertEquals("07001", state(unset));
            assertArrayEquals(new int[] {1}, p.executeBatch());
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
            p.setLong(1, 50);
            p.setDouble(2, 1.5);
            p.addBatch();
            p.setLong(1, 1);
            p.setString(2, "dup");
            p.addBatch();
            BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
            assertEquals(1, e.getLargeUpdateCounts().length);
        }
        try (PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            p.setLong(1, 50);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1.5, rs.getDouble(1));
                assertEquals("1.5", rs.getString("v"));
                assertEquals(1, rs.getInt(1));
            }
            p.setLong(1, 1);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
                assertFalse(rs.wasNull());
            }
        }
        assertEquals(List.of(row((Object) null)), query("SELECT v FROM t WHERE id = 5"));
    }

    @Test
    void transactionsCommitRollbackAndSeeOwnWrites() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        exec("BEGIN", "INSERT INTO t VALUES (1)", "ROLLBACK");
        assertEquals(List.of(), query("SELECT * FROM t"));
        exec("BEGIN", "INSERT INTO t VALUES (2)");
        assertEquals(List.of(row(2L)), query("SELECT * FROM t"));
        exec("COMMIT");
        c.setAutoCommit(false);
        exec("CREATE TABLE u (x INTEGER)", "INSERT INTO u VALUES (1)");
        c.rollback();
        SQLException gone = assertThrows(SQLException.class, () -> query("SELECT * FROM u"));
        assertEquals("42S02", state(gone));
        exec("INSERT INTO t VALUES (3)");
        try (Connection other = DriverManager.getConnection(url)) {
            try (ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertEquals(1, rs.getLong(1), "uncommitted rows are invisible to other connections");
            }
        }
        c.commit();
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
        SQLException nested = assertThrows(SQLException.class, () -> exec("BEGIN"));
        assertEquals("25000", state(nested));
    }

    @Test
    void aSnapshotThatWouldWriteOverAnotherCommitFailsWithSerializationFailure() throws Exception {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)", "INSERT INTO t VALUES (1, 0)");
        c.setAutoCommit(false);
        assertEquals(List.of(row(0L)), query("SELECT v FROM t WHERE id = 1"));
        Thread writer = new Thread(() -> {
            try (Connection other = DriverManager.getConnection(url)) {
                other.createStatement().executeUpdate("UPDATE t SET v = 5 WHERE id = 1");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        writer.join();
        assertEquals(List.of(row(0L)), query("SELECT v FROM t WHERE id = 1"), "the snapshot holds");
        SQLException e = assertThrows(SQLException.class, () -> exec("UPDATE t SET v = v + 1 WHERE id = 1"));
        assertEquals("40001", state(e));
        c.rollback();
        exec("UPDATE t SET v = v + 1 WHERE id = 1");
        c.commit();
        assertEquals(List.of(row(6L)), query("SELECT v FROM t WHERE id = 1"));
    }

    @Test
    void readOnlyConnectionsRefuseWrites() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        c.setReadOnly(true);
        assertTrue(c.isReadOnly());
        SQLException e = assertThrows(SQLException.class, () -> exec("INSERT INTO t VALUES (1)"));
        assertEquals("25006", state(e));
        assertEquals(List.of(), query("SELECT * FROM t"));
    }

    @Test
    void malformedSqlReportsStateAndPosition() {
        SQLException e = assertThrows(SQLException.class, () -> exec("SELECT * FROM t WHERE"));
        assertEquals("42000", state(e));
        assertTrue(e.getMessage().contains("line 1, column 17"), e.getMessage());
        SQLException second = assertThrows(SQLException.class, () -> exec("SELECT 1; SELECT 2"));
        assertTrue(second.getMessage().contains("column 11"), second.getMessage());
        SQLException explain = assertThrows(SQLException.class, () -> exec("EXPLAIN SELEC 1"));
        assertTrue(explain.getMessage().contains("column 9"), explain.getMessage());
        assertEquals("42S02", state(assertThrows(SQLException.class, () -> exec("SELECT * FROM nothing"))));
        assertEquals("0A000", state(assertThrows(SQLException.class, () -> exec("SELECT 1 UNION SELECT 2"))));
    }

    @Test
    void closedObjectsThrowSqlExceptions() throws SQLException {
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1");
        PreparedStatement p = c.prepareStatement("SELECT ?");
        rs.close();
        assertThrows(SQLException.class, rs::next);
        s.close();
        assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
        c.close();
        assertThrows(SQLException.class, () -> p.setInt(1, 1));
        assertThrows(SQLException.class, () -> c.createStatement());
        assertThrows(SQLException.class, c::commit);
        assertTrue(c.isClosed());
        assertFalse(c.isValid(0));
        c = DriverManager.getConnection(url);
    }

    @Test
    void unsupportedMethodsSaySo() {
        assertThrows(SQLFeatureNotSupportedException.class, () -> c.setSavepoint());
        assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareCall("x"));
        assertThrows(SQLFeatureNotSupportedException.class, () -> c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED));
    }

    @Test
    void metadataListsTablesAndColumns() throws SQLException {
        exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, score REAL DEFAULT 1.5)");
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, "us%", new String[] {"TABLE"})) {
            assertTrue(rs.next());
            assertEquals("users", rs.getString("TABLE_NAME"));
            assertFalse(rs.next());
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, null, "users", null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":" + rs.getString("IS_NULLABLE")
                        + ":" + rs.getString("COLUMN_DEF") + ":" + rs.getInt("ORDINAL_POSITION"));
            }
        }
        assertEquals(List.of("id:INTEGER:NO:null:1", "name:VARCHAR(20):NO:null:2", "score:REAL:YES:1.5:3"), columns);
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id, name AS who, score * 2 FROM users")) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(3, md.getColumnCount());
            assertEquals("who", md.getColumnLabel(2));
            assertEquals(Types.BIGINT, md.getColumnType(1));
            assertEquals(Types.VARCHAR, md.getColumnType(2));
            assertEquals("score * 2", md.getColumnName(3));
        }
    }

    @Test
    void urlOptionsAreCheckedAndConnectionsShareTheDatabase() throws SQLException {
        SQLException bad = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:crashbench:mem:x?durability=sometimes"));
        assertTrue(bad.getMessage().contains("durability must be full, normal or off"), bad.getMessage());
        SQLException unknown = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:crashbench:mem:x?cache_size=4"));
        assertTrue(unknown.getMessage().contains("unknown engine option 'cache_size'"), unknown.getMessage());
        try (Connection a = DriverManager.getConnection("jdbc:crashbench:mem:shared?cache_size_pages=64&durability=off");
             Connection b = DriverManager.getConnection("jdbc:crashbench:mem:shared?cache_size_pages=64&durability=off")) {
            a.createStatement().execute("CREATE TABLE t (x INTEGER)");
            a.createStatement().execute("INSERT INTO t VALUES (42)");
            try (ResultSet rs = b.createStatement().executeQuery("SELECT x FROM t")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
        try (Connection fresh = DriverManager.getConnection("jdbc:crashbench:mem:shared")) {
            SQLException gone = assertThrows(SQLException.class, () -> fresh.createStatement().executeQuery("SELECT x FROM t"));
            assertEquals("42S02", gone.getSQLState(), "a memory database ends with its last connection");
        }
    }

    @Test
    void explainShowsThePlanWithoutRunning() throws SQLException {
        exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        List<List<Object>> plan = query("EXPLAIN DELETE FROM t WHERE id > 5");
        assertEquals(List.of(row("SEARCH t USING INTEGER PRIMARY KEY (t.id>5)"), row("DELETE FROM t")), plan);
        assertEquals(List.of(row("INSERT INTO t (1 row)")), query("EXPLAIN INSERT INTO t VALUES (1, 2)"));
        assertEquals(List.of(), query("SELECT * FROM t"));
    }
}
