package dev.crashbench.bench.contender;

import dev.crashbench.bench.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A contender reached through JDBC: every workload runs the same SQL on it. */
public sealed interface JdbcContender extends Contender permits ReferenceEngine, Sqlite, H2 {

    /** Opens (creating) the database {@code name} in {@code directory}, in auto-commit, configured. */
    Connection open(Path directory, String name) throws SQLException;

    /**
     * Opens like {@link #open} and counts the bytes the engine writes to the database's files,
     * where the contender can be opened on a counting VFS; elsewhere the count is unknown.
     */
    default CountedConnection openCounted(Path directory, String name) throws SQLException {
        return new CountedConnection(open(directory, name), () -> CountedConnection.UNKNOWN);
    }

    /**
     * A statement to run after each commit, inside the timed section, when the engine's commit
     * alone does not make it durable; empty when it does.
     */
    default Optional<String> syncAfterCommit() {
        return Optional.empty();
    }

    /** The column type for strings (TEXT, except where TEXT means a large object). */
    default String textType() {
        return "TEXT";
    }

    /** Every workload but the one through the reference engine's own API. */
    @Override
    default Set<Workload> workloads() {
        return EnumSet.complementOf(EnumSet.of(Workload.API_COMMIT));
    }
}
