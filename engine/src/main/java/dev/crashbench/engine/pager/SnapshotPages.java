package dev.crashbench.engine.pager;

import dev.crashbench.engine.CorruptDatabaseException;
import java.io.IOException;

/** The read-only {@link PageAccess} of a read transaction: pages as one snapshot sees them. */
public final class SnapshotPages implements PageAccess {
    private final Pager pager;
    private final Snapshot snapshot;
    private final PageChecksum checksum = new PageChecksum();
    private volatile boolean ended;

    public SnapshotPages(Pager pager, Snapshot snapshot) {
        this.pager = pager;
        this.snapshot = snapshot;
    }

    @Override
    public byte[] read(int pageId) throws IOException {
        if (ended) {
            // Once released, checkpoints no longer keep this snapshot's pages in place.
            throw new IllegalStateException("read transaction has ended; its snapshot is gone");
        }
        return pager.read(snapshot, pageId, checksum);
    }

    @Override
    public byte[] readVerified(int pageId, PageStructure structure) throws IOException {
        if (ended) {
            throw new IllegalStateException("read transaction has ended; its snapshot is gone");
        }
        return pager.readVerified(snapshot, pageId, checksum, structure, this);
    }

    /** A snapshot's pages never change while it is open; once it has ended, {@link #read} refuses every call. */
    @Override
    public boolean imagesStable() {
        return !ended;
    }

    @Override
    public byte[] write(int pageId) {
        throw new IllegalStateException("read-only transaction cannot modify page " + pageId);
    }

    @Override
    public long layoutVersion() {
        return 0; // a snapshot never changes
    }

    @Override
    public int allocate() {
        throw new IllegalStateException("read-only transaction cannot allocate pages");
    }

    @Override
    public void free(int pageId) {
        throw new IllegalStateException("read-only transaction cannot free page " + pageId);
    }

    @Override
    public int pageCount() {
        return snapshot.header().pageCount();
    }

    @Override
    public CorruptDatabaseException corruption(int pageId, String detail) {
        return new CorruptDatabaseException(pager.path(), pageId, detail);
    }

    /** Ends the snapshot: releases it from the pager and refuses every later read. */
    public void end() {
        if (!ended) {
            ended = true;
            pager.release(snapshot);
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }
}
