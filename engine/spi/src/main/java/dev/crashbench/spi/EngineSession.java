package dev.crashbench.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One opening of an engine's database ({@link EngineConfiguration#open}), used by one thread.
 *
 * <p>At most one write transaction is open at a time: {@link #create()} or {@link #begin()} opens
 * it, {@link #put}, {@link #delete} and {@link #get} work inside it, {@link #commit()} (or
 * {@link #commitAsync()}) or {@link #rollback()} ends it. Reads outside it go through a
 * {@link ReadView}. Every exception other than a simulated disk's power cut is classified by
 * {@link EngineConfiguration#classify}; after an I/O error an engine may fail stop and refuse
 * every later call until it is reopened.
 */
public interface EngineSession extends AutoCloseable {
    /** Begins the write transaction that creates the empty key space: the first commit of a new database. */
    void create() throws IOException;

    /** Begins a write transaction on the existing key space. */
    void begin() throws IOException;

    /** Sets {@code key} to {@code value} in the write transaction. */
    void put(long key, byte[] value) throws IOException;

    /** Removes {@code key} in the write transaction; whether it was there. */
    boolean delete(long key) throws IOException;

    /** The value of {@code key} as the write transaction sees it, or null. */
    byte[] get(long key) throws IOException;

    /** Commits the write transaction; it is acknowledged when this returns. */
    void commit() throws IOException;

    /** Discards the write transaction. */
    void rollback() throws IOException;

    /**
     * The first half of a commit ({@link Capability#ASYNC_COMMIT}): the write transaction ends, and
     * the commit is acknowledged when the handle's {@link CommitHandle#await()} returns. The next
     * transaction sees it.
     */
    default CommitHandle commitAsync() throws IOException {
        throw new UnsupportedOperationException("this configuration has no " + Capability.ASYNC_COMMIT);
    }

    /** Makes every earlier commit durable ({@link Capability#CHECKPOINT}). */
    default void checkpoint() throws IOException {
        throw new UnsupportedOperationException("this configuration has no " + Capability.CHECKPOINT);
    }

    /** A read-only view of the newest committed state; the caller closes it. */
    ReadView beginRead() throws IOException;

    /** The problems the engine's integrity check finds; empty when it finds none ({@link Capability#INTEGRITY_CHECK}). */
    default List<IntegrityIssue> checkIntegrity() throws IOException {
        throw new UnsupportedOperationException("this configuration has no " + Capability.INTEGRITY_CHECK);
    }

    /**
     * Takes up to {@code steps} steps of the engine's background work on this thread
     * ({@link Capability#BACKGROUND_STEPS}); returns the steps taken (fewer when there is no more work).
     */
    default int stepBackgroundWork(int steps) {
        throw new UnsupportedOperationException("this configuration has no " + Capability.BACKGROUND_STEPS);
    }

    /**
     * What the engine's code paths did since this session opened, by event name
     * ({@link Capability#EVENT_COUNTS}); empty without the capability.
     */
    default Map<String, Long> events() {
        return Map.of();
    }

    /** Whether the session has failed stop: every later write is refused until a reopen. */
    boolean failed();

    /** Closes without syncing anything, as a crashing process would leave the files. */
    @Override
    void close() throws IOException;
}
