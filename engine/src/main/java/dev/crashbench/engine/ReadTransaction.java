package dev.crashbench.engine;

import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.Pager;
import dev.crashbench.engine.pager.Snapshot;
import dev.crashbench.engine.pager.SnapshotPages;

/**
 * A read-only view of the database as of its start: commits made after it began are invisible to
 * it, and checkpoints leave everything it can see in place until it is closed. Close it promptly:
 * an open reader stops checkpoints from resetting the WAL.
 */
public final class ReadTransaction extends Transaction {
    private final Pager pager;
    private final SnapshotPages pages;

    ReadTransaction(Pager pager) {
        this.pager = pager;
        this.pages = new SnapshotPages(pager, pager.beginRead());
    }

    @Override
    PageAccess pages() {
        return pages;
    }

    @Override
    int catalogRoot() {
        return pages.snapshot().header().catalogRoot();
    }

    Snapshot snapshot() {
        return pages.snapshot();
    }

    @Override
    public void close() {
        if (isOpen()) {
            markClosed("closed");
            pages.end();
        }
    }
}
