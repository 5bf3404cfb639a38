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
    private boolean acknowledged;

    /**
     * @param commit the commit's number in its opening, from 1; 0 for a commit with nothing to make durable
     * @param round  the group sync rounds started before it appended
     */
    CommitTicket(Database database, long commit, long round) {
        this.database = database;
        this.commit = commit;
        this.round = round;
    }

    /** A ticket for a commit already durable (or with nothing to make durable). */
    static CommitTicket durable(Database database) {
        CommitTicket ticket = new CommitTicket(database, 0, 0);
        ticket.acknowledged = true;
        return ticket;
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
        return acknowledged || database.isDurable(this);
    }

    long commit() {
        return commit;
    }

    long round() {
        return round;
    }

    /** Marks the commit acknowledged; true the first time. */
    boolean acknowledge() {
        if (acknowledged) {
            return false;
        }
        acknowledged = true;
        return true;
    }
}
