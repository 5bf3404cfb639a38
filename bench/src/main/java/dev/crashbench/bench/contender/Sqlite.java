package dev.crashbench.bench.contender;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * SQLite through sqlite-jdbc in WAL mode. With {@code synchronous=FULL} every commit syncs the WAL:
 * the durable reference. With {@code synchronous=NORMAL} commits are not synced (the WAL is synced
 * only at checkpoints), so a power cut can take back acknowledged commits: shown as a non-durable
 * reference, never as a competitor.
 *
 * @param synchronous FULL or NORMAL
 */
public record Sqlite(String synchronous) implements JdbcContender {

    public Sqlite {
        synchronous = synchronous.toUpperCase(Locale.ROOT);
        if (!synchronous.equals("FULL") && !synchronous.equals("NORMAL")) {
            throw new IllegalArgumentException("synchronous must be FULL or NORMAL, not " + synchronous);
        }
    }

    /** How long a writer waits for another connection's write lock, in the concurrent workload. */
    public static final int BUSY_TIMEOUT_MILLIS = 30_000;

    public static Sqlite full() {
        return new Sqlite("FULL");
    }

    public static Sqlite normal() {
        return new Sqlite("NORMAL");
    }

    @Override
    public String name() {
        return "sqlite-" + synchronous.toLowerCase(Locale.ROOT);
    }

    @Override
    public Connection open(Path directory, String name) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(name + ".db").toAbsolutePath());
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !rs.getString(1).equalsIgnoreCase("wal")) {
                    c.close();
                    throw new SQLException("SQLite refused journal_mode=WAL");
                }
            }
            s.execute("PRAGMA synchronous=" + synchronous);
            // SQLite serializes writers: a second connection's write waits (up to this long)
            // instead of failing with SQLITE_BUSY.
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MILLIS);
        }
        return c;
    }

    @Override
    public String settings() {
        return "SQLite " + version() + ", journal_mode=WAL, synchronous=" + synchronous
                + ", busy_timeout=" + BUSY_TIMEOUT_MILLIS
                + (durable() ? " (syncs the WAL at every commit)" : " (no sync per commit: NOT durable, a reference only)");
    }

    @Override
    public boolean durable() {
        return synchronous.equals("FULL");
    }

    @Override
    public boolean gated() {
        return false;
    }

    /** The SQLite library's version, as sqlite-jdbc loaded it. */
    public static String version() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             ResultSet rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
