package dev.crashbench.jdbc;

import dev.crashbench.engine.DatabaseLockedException;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.sql.SqlDatabase;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The open databases of this JVM, so that every connection to one database shares one engine
 * {@link dev.crashbench.engine.Database} (one writer lock, one page cache, snapshots that see each
 * other's commits). Reference-counted: the database closes when its last connection does, and a
 * memory database is gone then. This is the one piece of static state in the driver: JDBC finds
 * drivers through {@link java.sql.DriverManager}, so connections opened from anywhere in the JVM
 * must meet here.
 */
final class DatabaseRegistry {
    /** An open database and the connections holding it. */
    static final class Shared {
        final Object key;
        final SqlDatabase database;
        final EngineOptions options;
        int references;

        Shared(Object key, SqlDatabase database, EngineOptions options) {
            this.key = key;
            this.database = database;
            this.options = options;
        }
    }

    /** Opens the database behind a key. */
    @FunctionalInterface
    interface Opener {
        SqlDatabase open() throws IOException;
    }

    static final DatabaseRegistry INSTANCE = new DatabaseRegistry();

    private final Map<Object, Shared> open = new HashMap<>();

    private DatabaseRegistry() {
    }

    /** A key for a database on a given VFS: the VFS object's identity and the path. */
    record VfsKey(Vfs vfs, String path) {
        @Override
        public boolean equals(Object o) {
            return o instanceof VfsKey && ((VfsKey) o).vfs == vfs && ((VfsKey) o).path.equals(path);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(vfs) * 31 + path.hashCode();
        }
    }

    synchronized Shared acquire(Object key, EngineOptions options, Opener opener) throws SQLException {
        Shared shared = open.get(key);
        if (shared != null) {
            if (!shared.options.equals(options)) {
                throw new SQLException("the database " + key + " is already open in this JVM with other options ("
                        + shared.options + "); open it with the same options", "08001");
            }
            shared.references++;
            return shared;
        }
        SqlDatabase database;
        try {
            database = opener.open();
        } catch (DatabaseLockedException e) {
            // Another process (or another opening outside this registry) holds it: connections of
            // this JVM share the one engine above instead, so this is never two of our own.
            throw new SQLException("cannot open " + key + ": " + e.getMessage(), DatabaseLockedException.SQL_STATE, e);
        } catch (IOException e) {
            throw new SQLException("cannot open " + key + ": " + e.getMessage(), "08001", e);
        } catch (IllegalArgumentException e) {
            throw new SQLException("cannot open " + key + ": " + e.getMessage(), "08001", e);
        }
        shared = new Shared(key, database, options);
        shared.references = 1;
        open.put(key, shared);
        return shared;
    }

    synchronized void release(Shared shared) throws SQLException {
        if (--shared.references > 0) {
            return;
        }
        open.remove(shared.key);
        try {
            shared.database.close();
        } catch (IOException e) {
            throw new SQLException("closing " + shared.key + ": " + e.getMessage(), "58030", e);
        }
    }
}
