package dev.crashbench.recovery.explore;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.DatabaseFailedException;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.TableState;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Runs a workload against the engine and a model side by side, recording in a {@link History}
 * what a crash at any moment may recover.
 *
 * <p>A power cut ({@link PowerCutException}) ends the run; the caller then builds crash images.
 * An I/O error is what a real program would see: the engine fails stop, the commit in flight
 * becomes indeterminate, and the runner restarts the way a supervisor would: it closes the
 * database (no sync), opens it again, checks that restart with the oracle (no power was lost, so
 * every acknowledged commit must be there), learns whether the indeterminate commit survived,
 * and goes on with the next op. If opening keeps failing the run gives up quietly: the crash
 * image taken afterwards is still judged.
 */
public final class WorkloadRunner implements AutoCloseable {
    private static final int OPEN_ATTEMPTS = 4;
    private static final int MAX_RESTARTS = 64;

    private final Vfs vfs;
    private final EngineOptions options;
    private final History history = new History();
    /** Events of the openings this runner has closed; the open one's are added by {@link #events()}. */
    private final EngineEvents closedEvents = new EngineEvents();
    private Database database;
    private WriteTransaction transaction;
    private Table table;
    private TableState committed = TableState.ABSENT;
    private TreeMap<Long, byte[]> working = new TreeMap<>();
    private boolean inCommit;
    private int restarts;

    public WorkloadRunner(Vfs vfs, EngineOptions options) {
        this.vfs = vfs;
        this.options = options;
    }

    public History history() {
        return history;
    }

    /**
     * What the engine did across every opening of this run so far (the workload's openings, not
     * the recoveries of crash images), summed: whether the run exercised an optimization's code.
     */
    public EngineEvents events() {
        EngineEvents total = new EngineEvents();
        total.addAll(closedEvents);
        Database open = database;
        if (open != null) {
            total.addAll(open.events());
        }
        return total;
    }

    /** Restarts after I/O errors so far. */
    public int restarts() {
        return restarts;
    }

    /**
     * Creates the database and its table (commit 1), then runs every op.
     *
     * @return the first violation seen while running (a bad read, a bad restart, an engine bug),
     *         or null
     * @throws PowerCutException when the disk's power is cut
     */
    public Violation run(Workload workload) {
        try {
            Violation v = start();
            for (int i = 0; v == null && database != null && i < workload.ops().size(); i++) {
                v = apply(workload.ops().get(i));
            }
            return v;
        } catch (PowerCutException cut) {
            throw cut;
        } catch (RuntimeException e) {
            return new Violation(Rule.ENGINE_ERROR, "nothing but I/O errors", describe(e));
        }
    }

    private Violation start() {
        try {
            database = Database.open(vfs, Oracle.DB_PATH, options);
            transaction = database.beginWrite();
            table = transaction.createTable(Oracle.TABLE);
            working = new TreeMap<>();
            return commit();
        } catch (IOException e) {
            // Creation failed: nothing was acknowledged; a restart finds no table or the empty one.
            abandon();
            return restart();
        }
    }

    private Violation apply(Op op) {
        try {
            if (op instanceof Op.Put put) {
                byte[] value = put.value();
                writer().put(put.key(), value);
                working.put(put.key(), value);
            } else if (op instanceof Op.Delete delete) {
                boolean removed = writer().delete(delete.key());
                boolean expected = working.remove(delete.key()) != null;
                if (removed != expected) {
                    return new Violation(Rule.READ, delete + " to report " + expected, "it reported " + removed);
                }
            } else if (op instanceof Op.Begin) {
                writer();
            } else if (op instanceof Op.Commit) {
                if (transaction != null) {
                    return commit();
                }
            } else if (op instanceof Op.Rollback) {
                if (transaction != null) {
                    transaction.rollback();
                    endTransaction();
                }
            } else if (op instanceof Op.Checkpoint) {
                if (transaction != null) {
                    Violation v = commit();
                    if (v != null || transaction != null || database == null) {
                        return v;
                    }
                }
                database.checkpoint();
                history.checkpointReturned();
            } else if (op instanceof Op.Reopen) {
                abandon();
                return restart();
            } else if (op instanceof Op.Read read) {
                return read(read.key());
            } else {
                throw new IllegalArgumentException("unknown op " + op);
            }
            return null;
        } catch (IOException e) {
            abandon();
            return restart();
        }
    }

    private Violation read(long key) throws IOException {
        byte[] seen;
        byte[] expected;
        if (transaction != null) {
            seen = table.get(key);
            expected = working.get(key);
        } else {
            try (ReadTransaction read = database.beginRead()) {
                seen = read.hasTable(Oracle.TABLE) ? read.table(Oracle.TABLE).get(key) : null;
            }
            expected = committed.rows().get(key);
        }
        if (!Arrays.equals(seen, expected)) {
            return new Violation(Rule.READ, "key " + key + (transaction != null ? " inside the write transaction" : "")
                    + " = " + bytes(expected), bytes(seen));
        }
        return null;
    }

    private static String bytes(byte[] value) {
        return value == null ? "absent" : value.length + "B#" + Integer.toHexString(Arrays.hashCode(value));
    }

    private Table writer() throws IOException {
        if (transaction == null) {
            transaction = database.beginWrite();
            table = transaction.table(Oracle.TABLE);
            working = new TreeMap<>(committed.rows());
        }
        return table;
    }

    private Violation commit() throws IOException {
        TableState next = TableState.of(working);
        boolean refused = database.failure() != null;
        history.commitStarted(next);
        inCommit = true;
        try {
            transaction.commit();
        } catch (DatabaseFailedException e) {
            inCommit = false;
            if (refused) {
                history.commitFailed();
            }
            throw e;
        } catch (IOException e) {
            inCommit = false;
            history.commitIndeterminate();
            throw e;
        }
        inCommit = false;
        history.commitAcknowledged();
        committed = next;
        endTransaction();
        return null;
    }

    /** Whether a commit is in progress right now (for a crash taken inside a VFS call). */
    public boolean inCommit() {
        return inCommit;
    }

    private void endTransaction() {
        transaction = null;
        table = null;
    }

    /** Drops the database without syncing anything, as a crashing process would. */
    private void abandon() {
        endTransaction();
        if (database != null) {
            closedEvents.addAll(database.events());
            try {
                database.close();
            } catch (IOException ignored) {
                // closing never syncs; an error here changes nothing the restart will see
            }
            database = null;
        }
    }

    /**
     * Opens the database again after a clean close or an I/O error. No power was lost, so every
     * acknowledged commit must be there; an indeterminate one may be.
     */
    private Violation restart() {
        if (++restarts > MAX_RESTARTS) {
            database = null; // give up: the rest of the workload is skipped
            return null;
        }
        Oracle.Expectation expected = new Oracle.Expectation(history.lastAcknowledged(), history.last(), false,
                "a restart without a power cut: every acknowledged commit");
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            try {
                database = Database.open(vfs, Oracle.DB_PATH, options);
            } catch (IOException e) {
                continue;
            }
            Oracle.Verdict verdict;
            try {
                verdict = Oracle.check(database, history, expected);
            } catch (IOException e) {
                abandon(); // an I/O error while checking: try the restart again
                continue;
            }
            if (!verdict.ok()) {
                return verdict.violation();
            }
            history.resolveIndeterminate(verdict.matched());
            committed = verdict.found();
            if (committed.absent()) {
                abandon(); // the table was never created: start over from the creation commit
                return start();
            }
            return null;
        }
        database = null; // give up: the rest of the workload is skipped
        return null;
    }

    private static String describe(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e + (trace.length > 0 ? " at " + trace[0] : "");
    }

    @Override
    public void close() {
        abandon();
    }
}
