package dev.crashbench.engine;

import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Pager;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit ({@link Optimization#GROUP_COMMIT}): the shared WAL write and sync of commits that
 * wait at the same time.
 *
 * <p>A commit appends its frames under the writer lock (the WAL stages them in memory, where the
 * next writer reads what it builds on: see {@link dev.crashbench.engine.wal.Wal}), registers here
 * ({@link #appended}) and releases the writer lock. It then waits ({@link #await}) until a sync
 * covers it. The first waiter that finds no sync running becomes the leader of a round: it takes
 * every commit registered so far as the round's target, then, without the writer lock, writes
 * every commit staged so far with one write and syncs the WAL (the next writers stage behind the
 * target meanwhile, for the next round's write), then publishes the target to readers and wakes
 * the waiters. The target is fixed before the write takes the staged frames, and a commit is
 * staged before it registers, so the write always holds every commit of the target (and maybe
 * commits staged after the target was fixed, which wait for the next round's sync). A commit
 * registered after a round started is not covered by it: it waits for the next round. Commits are
 * numbered in append order and the WAL is ordered, so a round that covers commit n covers every
 * commit before it. A write transaction that changed nothing appends nothing, but it read the
 * commits in flight: its ticket waits for the newest of them ({@link #builtOn}).
 *
 * <p>A torn gathered write loses only commits no round has acknowledged: every commit in it waits
 * for the sync after it, and the chained checksums end recovery's valid prefix at the first torn
 * frame, so what survives is a prefix of the group, each commit whole or absent.
 *
 * <p>Waking (real threads): a waiter sleeps on the condition of the round that will cover it: the
 * running round when its target holds the commit, else the next one. When a round ends, its
 * leader wakes the waiters it covered, which return, and exactly one waiter of the next round,
 * the one waiting longest, which leads that round; the others sleep on until it ends. Nobody is
 * woken only to find that it must wait again, and the next leader is chosen at once rather than by
 * whichever of all the woken threads the scheduler runs first (on a machine with fewer cores than
 * writers that is a context switch per needless wake, and a round started late).
 *
 * <p>A failed round stops the database: every commit not covered by an earlier round fails,
 * the round's and any appended behind it, since after a failed sync nothing about the WAL's
 * durable state can be trusted.
 *
 * <p>Deterministic when driven from one thread (the crash explorer's runner): a round runs on
 * the thread that awaits, and which commits it covers depends only on the order of calls.
 */
final class GroupCommitter {
    /**
     * The WAL write and sync of a round: writes the commits staged so far and makes durable at least
     * the first {@code frames} frames, appended before the call.
     */
    @FunctionalInterface
    interface RoundSync {
        void sync(int frames) throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Waiters for the round numbered n (counted from 1) sleep on {@code roundEnds[n % 2]}: a round and the next. */
    private final Condition[] roundEnds = {lock.newCondition(), lock.newCondition()};
    private final Pager pager;
    private final EngineEvents events;
    private final RoundSync roundSync;
    private final Consumer<IOException> failStop;
    /** Mutation GROUP_ACK_UNCOVERED: a commit counts as covered by the round that was current when it appended. */
    private final boolean ackUncovered;

    // Guarded by lock.
    /** Commits registered so far in this opening; commit n is the n-th. */
    private long appended;
    /** Commits covered by a finished round (and published to readers). */
    private long durable;
    private long roundsStarted;
    private long roundsFinished;
    private boolean syncing;
    /** The newest commit the running round covers (while {@link #syncing}). */
    private long roundTarget;
    private IOException failure;
    /** The newest registered commit as a round publishes it: its frames' end, header and page digest. */
    private int newestFrames;
    private DbHeader newestHeader;
    private long newestDigest;

    GroupCommitter(Pager pager, EngineEvents events, RoundSync roundSync, Consumer<IOException> failStop,
                   boolean ackUncovered) {
        this.pager = pager;
        this.events = events;
        this.roundSync = roundSync;
        this.failStop = failStop;
        this.ackUncovered = ackUncovered;
    }

    /**
     * Registers the commit the writer has just appended (the pager's newest appended one). Writer
     * lock held. Returns its number and the round it appended during (see {@link CommitTicket}).
     */
    CommitTicket appended(Database database) {
        lock.lock();
        try {
            appended++;
            newestFrames = pager.appendedFrames();
            newestHeader = pager.appendedHeader();
            newestDigest = pager.appendedDigest();
            return new CommitTicket(database, appended, roundsStarted, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A ticket for a commit with nothing of its own to append (a write transaction that changed no
     * page). It built on every commit registered so far, appended or not yet durable, so it is
     * durable only once they are: acknowledging it earlier would acknowledge a state a cut can
     * still take back. Writer lock held.
     */
    CommitTicket builtOn(Database database) {
        lock.lock();
        try {
            return new CommitTicket(database, appended, roundsStarted, false);
        } finally {
            lock.unlock();
        }
    }

    /** The database stopped (a failed append, sync or checkpoint): uncovered commits fail. */
    void stop(IOException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            wakeEveryone();
        } finally {
            lock.unlock();
        }
    }

    /** Whether commit {@code commit} is covered by a finished round. */
    boolean isDurable(long commit) {
        lock.lock();
        try {
            return commit <= durable;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every commit registered so far is durable, leading rounds as needed. */
    void syncAll() throws IOException {
        long target;
        lock.lock();
        try {
            target = appended;
        } finally {
            lock.unlock();
        }
        await(target, Long.MAX_VALUE);
    }

    /**
     * Returns once commit {@code commit} is covered by a successful sync and published, leading a
     * round when none is running. Throws when a round failed before covering it.
     *
     * @param round the rounds started when the commit appended (only the unsafe variant reads it;
     *              {@link Long#MAX_VALUE} for a wait that must see a real sync)
     */
    void await(long commit, long round) throws IOException {
        long target;
        int frames;
        DbHeader header;
        long digest;
        lock.lock();
        try {
            while (true) {
                if (commit <= durable) {
                    return;
                }
                if (failure != null) {
                    throw new DatabaseFailedException(pager.path(), failure);
                }
                if (ackUncovered && roundsFinished >= Math.max(1, round)) {
                    // Mutation: the commit takes the round that was current when it appended for
                    // the one that covers it, so the leader acknowledges everyone waiting when its
                    // sync returns, including commits appended after the sync started (and, from
                    // one thread, a commit appended after the last round finished). A cut before
                    // the next sync loses acknowledged commits.
                    durable = appended;
                    pager.publish(newestFrames, newestHeader, newestDigest);
                    wakeEveryone(); // they are "covered" now too
                    return;
                }
                if (!syncing) {
                    syncing = true;
                    roundsStarted++;
                    target = appended;
                    roundTarget = target;
                    frames = newestFrames;
                    header = newestHeader;
                    digest = newestDigest;
                    break;
                }
                // The running round covers the commit, or the next one will.
                long covering = commit <= roundTarget ? roundsStarted : roundsStarted + 1;
                roundEnds[(int) (covering % 2)].awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        IOException failed = null;
        try {
            roundSync.sync(frames);
        } catch (IOException e) {
            failed = e;
        }
        if (failed != null) {
            failStop.accept(failed);
        }
        lock.lock();
        try {
            syncing = false;
            roundsFinished++;
            if (failed == null) {
                long covered = target - durable;
                durable = target;
                // Readers see the round's commits only now that they are durable.
                pager.publish(frames, header, digest);
                if (covered > 1) {
                    events.count(EngineEvent.GROUPED_COMMIT, covered);
                }
                roundEnds[(int) (roundsFinished % 2)].signalAll(); // the commits this round covered
                roundEnds[(int) ((roundsFinished + 1) % 2)].signal(); // the longest waiter of the next round leads it
            } else {
                if (failure == null) {
                    failure = failed;
                }
                wakeEveryone();
            }
        } finally {
            lock.unlock();
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Wakes every waiter, of this round and the next (the database stopped). Lock held. */
    private void wakeEveryone() {
        roundEnds[0].signalAll();
        roundEnds[1].signalAll();
    }
}
