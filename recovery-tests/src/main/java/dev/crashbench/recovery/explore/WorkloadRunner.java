package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.TableState;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.CommitHandle;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Runs a workload against an engine (through the engine-under-test SPI) and a model side by side,
 * recording in a {@link History} what a crash at any moment may recover.
 *
 * <p>A power cut ({@link PowerCutException}) ends the run; the caller then builds crash images.
 * An I/O error is what a real program would see: the engine fails stop, the commit in flight
 * becomes indeterminate, and the runner restarts the way a supervisor would: it closes the
 * database (no sync), opens it again, checks that restart with the oracle (no power was lost, so
 * every acknowledged commit must be there), learns whether the indeterminate commit survived,
 * and goes on with the next op. If opening keeps failing the run gives up quietly: the crash
 * image taken afterwards is still judged.
 *
 * <p>With asynchronous commits ({@link Capability#ASYNC_COMMIT}: the reference engine's group
 * commit), a commit op runs only the commit's first half ({@code commitAsync}); the commits then
 * wait in flight while the workload goes on, until the runner awaits them as {@link CommitGrouping} decides (from the workload alone), before
 * a checkpoint returns, and at the end of the workload. The next transaction builds on the
 * commits in flight; a read outside a transaction may see any state from the newest acknowledged
 * commit on, and what it saw must then survive a crash. Without the capability nothing of this
 * happens.
 *
 * <p>With stepped background work ({@link Capability#BACKGROUND_STEPS}: the reference engine's
 * background checkpoints), after each op the runner takes as many steps as {@link BackgroundSteps}
 * draws: passes interleave with commits and reads, and a power cut can land inside any of their
 * VFS calls, at the same place in every replay. Readers live across commits and checkpoints, inline or background: a read outside a write transaction (with
 * no commit in flight) keeps its read transaction open until a read at least
 * {@link #HELD_READER_COMMITS} commits later (reads in between use readers of their own), a reopen
 * or the end of the run; the next held reader begins before the last one closes, so checkpoints
 * find readers that overlap, as a database in use has them. Before closing, a held reader reads
 * the whole table again, which must still be the state it began with.
 */
public final class WorkloadRunner implements AutoCloseable {
    private static final int OPEN_ATTEMPTS = 4;
    private static final int MAX_RESTARTS = 64;
    /**
     * Commits a held reader lives through at least: enough WAL frames for a background pass to
     * start and run while it is open (a read before that reads through a reader of its own).
     */
    static final int HELD_READER_COMMITS = 5;

    private final Vfs vfs;
    private final EngineConfiguration engine;
    private final History history = new History();
    /** Events of the openings this runner has closed; the open one's are added by {@link #events()}. */
    private final EventTally closedEvents = new EventTally();
    private EngineSession database;
    /** Whether a write transaction is open. */
    private boolean transaction;
    private TableState committed = TableState.ABSENT;
    private TreeMap<Long, byte[]> working = new TreeMap<>();
    private boolean inCommit;
    private int restarts;
    /** Group commit only: the commits appended and not yet awaited, and how the runner groups them. */
    private final InFlightCommits inFlight = new InFlightCommits();
    private CommitGrouping grouping;
    /** The reader kept open since the last read, and the state it must see. */
    private ReadView heldReader;
    private TableState heldState;
    /** The commits acknowledged when the held reader began. */
    private int heldSince;

    public WorkloadRunner(Vfs vfs, EngineConfiguration engine) {
        this.vfs = vfs;
        this.engine = engine;
    }

    public History history() {
        return history;
    }

    /**
     * What the engine did across every opening of this run so far (the workload's openings, not
     * the recoveries of crash images), summed: whether the run exercised an optimization's code.
     */
    public EventTally events() {
        EventTally total = new EventTally();
        total.addAll(closedEvents.snapshot());
        EngineSession open = database;
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
            grouping = engine.has(Capability.ASYNC_COMMIT) ? new CommitGrouping(workload) : null;
            Violation v = start();
            for (int i = 0; v == null && database != null && i < workload.ops().size(); i++) {
                v = apply(workload.ops().get(i), i);
                if (v == null && database != null && backgroundCheckpoints()) {
                    database.stepBackgroundWork(BackgroundSteps.after(i, history.lastAcknowledged()));
                }
            }
            if (v == null && database != null && !inFlight.isEmpty()) {
                v = awaitInFlight(workload.ops().size());
            }
            if (v == null && database != null) {
                try {
                    v = releaseHeldReader();
                } catch (IOException e) {
                    abandon(); // an I/O error at the end: the crash image is judged all the same
                }
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
            database = engine.open(vfs, Oracle.DB_PATH);
            database.create();
            transaction = true;
            working = new TreeMap<>();
            return commit();
        } catch (IOException e) {
            // Creation failed: nothing was acknowledged; a restart finds no table or the empty one.
            abandon();
            return restart();
        }
    }

    private Violation apply(Op op, int opIndex) {
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
                if (transaction) {
                    return grouping != null ? commitInFlight(opIndex) : commit();
                }
            } else if (op instanceof Op.Rollback) {
                if (transaction) {
                    endTransaction();
                    database.rollback();
                }
            } else if (op instanceof Op.Checkpoint) {
                if (transaction) {
                    Violation v = grouping != null ? commitInFlight(opIndex) : commit();
                    if (v != null || transaction || database == null) {
                        return v;
                    }
                }
                if (!engine.has(Capability.CHECKPOINT)) {
                    return null; // an engine without checkpoints: the op only ended the transaction
                }
                database.checkpoint();
                if (!inFlight.isEmpty()) {
                    // The checkpoint made every commit in flight durable: their awaits return at once.
                    committed = inFlight.awaitAll(0, history);
                }
                history.checkpointReturned();
            } else if (op instanceof Op.Reopen) {
                Violation v = releaseHeldReader();
                if (v != null) {
                    return v;
                }
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
        if (!transaction && !inFlight.isEmpty()) {
            return readWithCommitsInFlight(key);
        }
        if (transaction) {
            seen = database.get(key);
            expected = working.get(key);
        } else if (heldReader == null || history.lastAcknowledged() - heldSince >= HELD_READER_COMMITS) {
            ReadView older = heldReader;
            TableState olderState = heldState;
            heldReader = database.beginRead(); // before the older one closes: held readers overlap
            heldState = committed;
            heldSince = history.lastAcknowledged();
            Violation v = older == null ? null : closeChecking(older, olderState);
            if (v != null) {
                return v;
            }
            seen = heldReader.get(key);
            expected = committed.rows().get(key);
        } else {
            try (ReadView read = database.beginRead()) {
                seen = read.get(key);
            }
            expected = committed.rows().get(key);
        }
        if (!Arrays.equals(seen, expected)) {
            return new Violation(Rule.READ, "key " + key + (transaction ? " inside the write transaction" : "")
                    + " = " + bytes(expected), bytes(seen));
        }
        return null;
    }

    /**
     * A read outside a transaction while commits are in flight: it may see the state after the
     * newest acknowledged commit or after any later one (which ones are durable yet is the engine's
     * business). The runner scans the reader's snapshot to learn which state that is, and holds a
     * crash from now on to it ({@link History#readSaw}): a reader must never see a commit before it
     * is durable.
     */
    private Violation readWithCommitsInFlight(long key) throws IOException {
        byte[] seen;
        TableState snapshot;
        try (ReadView read = database.beginRead()) {
            seen = read.get(key);
            snapshot = Oracle.contents(read);
        }
        int from = history.lastAcknowledged();
        for (int k = from; k <= history.last(); k++) {
            if (history.state(k).sameAs(snapshot)) {
                if (!Arrays.equals(seen, snapshot.rows().get(key))) {
                    return new Violation(Rule.READ, "key " + key + " = " + bytes(snapshot.rows().get(key))
                            + " as in the rest of its snapshot (commit " + k + ")", bytes(seen));
                }
                history.readSaw(k); // the oldest commit whose state it is
                return null;
            }
        }
        return new Violation(Rule.READ, "a snapshot of the state after one of commits " + from + ".." + history.last(),
                snapshot.describe());
    }

    /**
     * Reads the whole table through the held reader, which must still see the state it began with
     * (background checkpoints ran meanwhile), and closes it. Null when it did, or none was held.
     */
    private Violation releaseHeldReader() throws IOException {
        if (heldReader == null) {
            return null;
        }
        ReadView read = heldReader;
        heldReader = null;
        return closeChecking(read, heldState);
    }

    /** Reads the whole table through {@code reader}, which must see {@code state}, and closes it. */
    private static Violation closeChecking(ReadView reader, TableState state) throws IOException {
        try (ReadView read = reader) {
            TableState seen = Oracle.contents(read);
            if (!seen.sameAs(state)) {
                return new Violation(Rule.READ, "a reader held open across commits and checkpoints to see the"
                        + " state it began with: " + state.describe(), seen.describe());
            }
            return null;
        }
    }

    private boolean backgroundCheckpoints() {
        return engine.has(Capability.BACKGROUND_STEPS);
    }

    private static String bytes(byte[] value) {
        return value == null ? "absent" : value.length + "B#" + Integer.toHexString(Arrays.hashCode(value));
    }

    private EngineSession writer() throws IOException {
        if (!transaction) {
            database.begin();
            transaction = true;
            working = new TreeMap<>((inFlight.isEmpty() ? committed : inFlight.newestState()).rows());
        }
        return database;
    }

    private Violation commit() throws IOException {
        TableState next = TableState.of(working);
        boolean refused = database.failed();
        history.commitStarted(next);
        inCommit = true;
        try {
            endTransaction();
            database.commit();
        } catch (IOException e) {
            inCommit = false;
            if (engine.classify(e) != FailureKind.REFUSED) {
                history.commitIndeterminate();
            } else if (refused) {
                history.commitFailed();
            }
            throw e;
        }
        inCommit = false;
        history.commitAcknowledged();
        committed = next;
        return null;
    }

    /**
     * Group commit: the first half of the open transaction's commit. The commit then waits in flight
     * until the runner awaits it, now or later, as {@link CommitGrouping} decides.
     */
    private Violation commitInFlight(int opIndex) throws IOException {
        TableState next = TableState.of(working);
        boolean refused = database.failed();
        int number = history.commitStarted(next);
        inCommit = true;
        CommitHandle ticket;
        try {
            endTransaction();
            ticket = database.commitAsync();
        } catch (IOException e) {
            inCommit = false;
            if (engine.classify(e) != FailureKind.REFUSED) {
                history.commitIndeterminate(number);
            } else if (refused) {
                history.commitFailed();
            }
            throw e;
        }
        inCommit = false;
        inFlight.add(number, ticket, next);
        return grouping.awaitNow(opIndex, inFlight.size()) ? awaitInFlight(opIndex) : null;
    }

    /** Group commit: awaits every commit in flight, the one {@link CommitGrouping} picks first. */
    private Violation awaitInFlight(int opIndex) {
        inCommit = true;
        try {
            committed = inFlight.awaitAll(grouping.firstAwaited(opIndex, inFlight.size()), history);
            return null;
        } catch (IOException e) {
            abandon();
            return restart();
        } finally {
            inCommit = false;
        }
    }

    /** Whether a commit is in progress right now (for a crash taken inside a VFS call). */
    public boolean inCommit() {
        return inCommit;
    }

    private void endTransaction() {
        transaction = false;
    }

    /** Drops the database without syncing anything, as a crashing process would. */
    private void abandon() {
        endTransaction();
        inFlight.forget();
        if (heldReader != null) {
            heldReader.close();
            heldReader = null;
        }
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
        Oracle.Expectation expected = new Oracle.Expectation(Math.max(history.lastAcknowledged(), history.seen()),
                history.last(), false, "a restart without a power cut: every acknowledged commit"
                + (history.seen() > history.lastAcknowledged() ? " and every one a reader saw" : ""));
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            try {
                database = engine.open(vfs, Oracle.DB_PATH);
            } catch (IOException e) {
                continue;
            }
            Oracle.Verdict verdict;
            try {
                verdict = Oracle.check(engine, database, history, expected);
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
