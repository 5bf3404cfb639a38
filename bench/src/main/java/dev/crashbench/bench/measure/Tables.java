package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.JdbcContender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** The benchmark's schema and the helpers every JDBC workload shares. */
final class Tables {
    private Tables() {
    }

    static void createKv(Connection c, JdbcContender contender) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v " + contender.textType() + ")");
        }
    }

    static void createUsers(Connection c, JdbcContender contender) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name " + contender.textType() + ", email "
                    + contender.textType() + ")");
        }
    }

    static void createOrders(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL)");
        }
    }

    /** The statement that makes a commit durable on this contender, prepared, or null when its commit is. */
    static PreparedStatement syncStatement(Connection c, JdbcContender contender) throws SQLException {
        Optional<String> sql = contender.syncAfterCommit();
        return sql.isPresent() ? c.prepareStatement(sql.get()) : null;
    }

    /** Commits the open transaction and makes it durable. */
    static void commit(Connection c, PreparedStatement sync) throws SQLException {
        c.commit();
        if (sync != null) {
            sync.execute();
        }
    }

    /**
     * Inserts users {@code 1..rows} in one transaction, {@code batch} rows per executeBatch, and
     * commits durably; leaves the connection in auto-commit.
     */
    static void insertUsers(Connection c, PreparedStatement sync, int rows, int batch) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, name, email) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= rows; id++) {
                insert.setLong(1, id);
                insert.setString(2, "user-" + id);
                insert.setString(3, "user" + id + "@example.org");
                insert.addBatch();
                if (id % batch == 0 || id == rows) {
                    insert.executeBatch();
                }
            }
        }
        commit(c, sync);
        c.setAutoCommit(true);
    }
}
