package dev.crashbench.engine;

import dev.crashbench.vfs.FileLockedException;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * {@link Database#open} refused a database that another engine has open: its database file is
 * locked by another process, or by another opening in this one. Two engines on one file would
 * overwrite each other's pages and lose acknowledged commits, so the second is refused at once,
 * before it reads anything. Through JDBC this is an {@link java.sql.SQLException} with SQLState
 * {@value #SQL_STATE}. The lock dies with its holder, so a crashed holder never keeps it.
 */
public final class DatabaseLockedException extends IOException {
    /** The SQLState JDBC reports it with: PostgreSQL's {@code lock_not_available}. */
    public static final String SQL_STATE = "55P03";

    private final String path;
    private final OptionalLong holderPid;

    public DatabaseLockedException(String path, FileLockedException refusal) {
        super("database " + path + " is in use: it is locked by " + refusal.holder()
                + "; close it there first", refusal);
        this.path = path;
        this.holderPid = refusal.holderPid();
    }

    /** The database file. */
    public String path() {
        return path;
    }

    /** The process holding the database, when the system tells it. */
    public OptionalLong holderPid() {
        return holderPid;
    }
}
