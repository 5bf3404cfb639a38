package dev.crashbench.jdbc;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.sql.SqlDatabase;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver of the reference engine. URLs: {@code jdbc:crashbench:<path>} (a database file;
 * its directory must exist) and {@code jdbc:crashbench:mem:<name>}, each with optional
 * {@code ?key=value&...} engine options (see {@link dev.crashbench.engine.EngineOptions#with}).
 * {@link #connect(Vfs, String, EngineOptions)} opens a database on any {@link Vfs}, such as a
 * simulated disk. Connections to one database in one JVM share one engine instance.
 */
public final class CrashbenchDriver implements Driver {
    public static final int MAJOR_VERSION = 0;
    public static final int MINOR_VERSION = 1;

    static {
        try {
            DriverManager.registerDriver(new CrashbenchDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // DriverManager asks every driver; this URL is someone else's
        }
        JdbcUrl parsed = JdbcUrl.parse(url, info);
        if (parsed.memory()) {
            String name = parsed.location();
            return open("mem:" + name, url, parsed.options(),
                    () -> SqlDatabase.open(new MemoryVfs(name), "main.db", parsed.options()));
        }
        Path file = Path.of(parsed.location()).toAbsolutePath().normalize();
        Path directory = file.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new SQLException("the directory of " + file + " does not exist", "08001");
        }
        String fileName = file.getFileName().toString();
        return open("file:" + file, url, parsed.options(),
                () -> SqlDatabase.open(LocalVfs.at(directory), fileName, parsed.options()));
    }

    /**
     * Opens a connection to the database at {@code path} of {@code vfs} (a simulated disk, for
     * instance). Connections passing the same VFS object and path share one engine instance.
     */
    public static Connection connect(Vfs vfs, String path, EngineOptions options) throws SQLException {
        String url = PREFIX_VFS + vfs.describe() + "/" + path;
        return open(new DatabaseRegistry.VfsKey(vfs, path), url, options, () -> SqlDatabase.open(vfs, path, options));
    }

    private static final String PREFIX_VFS = "jdbc:crashbench:vfs:";

    private static Connection open(Object key, String url, EngineOptions options, DatabaseRegistry.Opener opener)
            throws SQLException {
        DatabaseRegistry.Shared shared = DatabaseRegistry.INSTANCE.acquire(key, options, opener);
        return new CbConnection(shared, url);
    }

    @Override
    public boolean acceptsURL(String url) {
        return JdbcUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        String[][] keys = {
                {"durability", "full, normal or off: when commits are synced"},
                {"cache_size_pages", "committed pages kept in memory"},
                {"auto_checkpoint_frames", "checkpoint after a commit leaves this many WAL frames"},
                {"wal_preallocated_frames", "frames of space the WAL file is given up front"},
                {"create", "true or false: create the database when missing"}};
        DriverPropertyInfo[] result = new DriverPropertyInfo[keys.length];
        for (int i = 0; i < keys.length; i++) {
            result[i] = new DriverPropertyInfo(keys[i][0], info == null ? null : info.getProperty(keys[i][0]));
            result[i].description = keys[i][1];
        }
        return result;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    @Override
    public boolean jdbcCompliant() {
        return false; // a SQL subset, not full SQL-92 entry level
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the driver does not log through java.util.logging");
    }
}
