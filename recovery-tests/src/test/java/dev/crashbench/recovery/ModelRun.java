package dev.crashbench.recovery;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.recovery.workload.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs a workload against the engine and a {@code TreeMap} model side by side. It records the
 * model state after every commit it attempted, so that after a crash the recovered contents can be
 * matched against "every acknowledged commit, perhaps the one in flight, nothing else".
 *
 * <p>State 0 is "no table yet"; the first commit creates the table, so state i (i >= 1) is the
 * table's contents after commit i.
 */
final class ModelRun implements AutoCloseable {
    static final String PATH = "db";
    static final String TABLE = "t";

    private final Vfs vfs;
    private final EngineOptions options;
    private final boolean checkReads;
    private Database database;
    private WriteTransaction transaction;
    private Table table;
    private TreeMap<Long, byte[]> committed = new TreeMap<>();
    private TreeMap<Long, byte[]> working = new TreeMap<>();
    private final List<NavigableMap<Long, byte[]>> states = new ArrayList<>();
    private int acknowledged;
    private boolean commitInFlight;
    private int checkpointedCommits;

    ModelRun(Vfs vfs, EngineOptions options, boolean checkReads) {
        this.vfs = vfs;
        this.options = options;
        this.checkReads = checkReads;
        states.add(null);
    }

    /** Opens (creating) the database and commits the empty table: commit 1. */
    void start() throws IOException {
        database = Database.open(vfs, PATH, options);
        transaction = database.beginWrite();
        table = transaction.createTable(TABLE);
        commit();
    }

    void apply(Op op) throws IOException {
        if (op instanceof Op.Put put) {
            byte[] value = put.value();
            writer().put(put.key(), value);
            working.put(put.key(), value);
            if (checkReads && !Arrays.equals(table.get(put.key()), value)) {
                throw new AssertionError("read after " + put + " returned other bytes");
            }
        } else if (op instanceof Op.Delete delete) {
            boolean removed = writer().delete(delete.key());
            boolean expected = working.remove(delete.key()) != null;
            if (removed != expected) {
                throw new AssertionError(delete + " returned " + removed + ", the model says " + expected);
            }
        } else if (op instanceof Op.Commit) {
            if (transaction != null) {
                commit();
            }
        } else if (op instanceof Op.Rollback) {
            if (transaction != null) {
                transaction.rollback();
                endTransaction();
                working = copy(committed);
                expectContents(committed, "after rollback");
            }
        } else if (op instanceof Op.Checkpoint) {
            if (transaction != null) {
                commit();
            }
            database.checkpoint();
            checkpointedCommits = acknowledged;
            expectContents(committed, "after checkpoint");
        } else if (op instanceof Op.Reopen) {
            database.close();
            endTransaction();
            working = copy(committed);
            database = Database.open(vfs, PATH, options);
            expectContents(committed, "after reopen");
        } else {
            throw new IllegalArgumentException("unknown op " + op);
        }
    }

    private Table writer() throws IOException {
        if (transaction == null) {
            transaction = database.beginWrite();
            table = transaction.table(TABLE);
        }
        return table;
    }

    private void commit() throws IOException {
        NavigableMap<Long, byte[]> next = copy(working);
        states.add(next);
        commitInFlight = true;
        transaction.commit();
        commitInFlight = false;
        acknowledged++;
        endTransaction();
        committed = copy(working);
        if (checkReads) {
            expectContents(committed, "after commit " + acknowledged);
        }
    }

    private void endTransaction() {
        transaction = null;
        table = null;
    }

    private void expectContents(NavigableMap<Long, byte[]> expected, String when) throws IOException {
        if (!checkReads) {
            return;
        }
        NavigableMap<Long, byte[]> actual = contents(database);
        if (!sameContents(expected, actual)) {
            throw new AssertionError(when + ": expected " + summary(expected) + " but found " + summary(actual));
        }
    }

    /** Commits acknowledged so far (the table's creation included). */
    int acknowledged() {
        return acknowledged;
    }

    /** Whether a commit was in flight when the run stopped (its fate is unknown). */
    boolean commitInFlight() {
        return commitInFlight;
    }

    /** Commits acknowledged before the last explicit checkpoint returned. */
    int checkpointedCommits() {
        return checkpointedCommits;
    }

    /** The model state after {@code commits} commits; null for 0 (no table). */
    NavigableMap<Long, byte[]> state(int commits) {
        return states.get(commits);
    }

    Database database() {
        return database;
    }

    /** The table's contents as a new read transaction sees them; null when there is no table. */
    static NavigableMap<Long, byte[]> contents(Database database) throws IOException {
        try (ReadTransaction read = database.beginRead()) {
            if (!read.hasTable(TABLE)) {
                return null;
            }
            TreeMap<Long, byte[]> rows = new TreeMap<>();
            Cursor cursor = read.table(TABLE).scan();
            while (cursor.next()) {
                rows.put(cursor.key(), cursor.value());
            }
            return rows;
        }
    }

    static boolean sameContents(Map<Long, byte[]> a, Map<Long, byte[]> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Long, byte[]> entry : a.entrySet()) {
            if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Keys with value sizes and hashes: enough to see what differs without dumping megabytes. */
    static String summary(Map<Long, byte[]> rows) {
        if (rows == null) {
            return "no table";
        }
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<Long, byte[]> entry : rows.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(entry.getKey()).append('=').append(entry.getValue().length).append("B#")
                    .append(Integer.toHexString(Arrays.hashCode(entry.getValue())));
        }
        return out.append('}').toString();
    }

    private static TreeMap<Long, byte[]> copy(Map<Long, byte[]> rows) {
        return new TreeMap<>(Objects.requireNonNull(rows));
    }

    @Override
    public void close() throws IOException {
        if (database != null) {
            database.close();
        }
    }
}
