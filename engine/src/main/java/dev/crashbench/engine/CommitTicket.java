package dev.crashbench.engine;

import java.io.IOException;

/**
 * A commit whose frames are appended and that may not be durable yet: the first half of a group
 * commit ({@link WriteTransaction#commitAsync}). {@link #await} is the second half: it returns
 * once a WAL sync covering the commit has returned, and only then is the commit acknowledged.
 * Awaiting the tickets of several commits from one thread, in any order, is deterministic. A
 * ticket belongs to one thread at a time; different tickets may be awaited on different threads.
 */
public final class CommitTicket {
    private final Database database;
    private final long commit;
    private final long round;
    /** Whether the commit is counted as acknowledged ({@link EngineEvent#COMMIT}) already, or never is. */
    private boolean counted;

    /**
     * @param commit       the newest commit (numbered from 1 in its opening) that must be durable before
     *                     this one is acknowledged: its own, or for a commit with no frames of its own
     *                     the newest it built on; 0 when nothing needs to become durable
     * @param round        the group sync rounds started before it appended
     * @param countsCommit whether acknowledging it counts a commit (one with frames of its own does)
     */
    CommitTicket(Database database, long commit, long round, boolean countsCommit) {
        this.database = database;
        this.commit = commit;
        this.round = round;
        this.counted = !countsCommit;
    }

    /** A ticket for a commit already durable (without group commit, whatever it wrote, it is on disk). */
    static CommitTicket durable(Database database) {
        return new CommitTicket(database, 0, 0, false);
    }

    /**
     * Waits until the commit is durable (per the durability mode). When this throws an I/O error
     * the commit may or may not have reached the disk, and the database stops accepting writes.
     */
    public void await() throws IOException {
        database.awaitDurable(this);
    }

    /** Whether {@link #await} would return at once. */
    public boolean isDurable() {
        return database.isDurable(this);
    }

    long commit() {
        return commit;
    }

    long round() {
        return round;
    }

    /** Marks the commit acknowledged; true the first time, when it is to be counted as a commit. */
    boolean acknowledge() {
        if (counted) {
            return false;
        }
        counted = true;
        return true;
    }
}
