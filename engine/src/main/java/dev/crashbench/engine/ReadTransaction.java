package dev.crashbench.engine;

import dev.crashbench.engine.catalog.CatalogCache;
import dev.crashbench.engine.catalog.CatalogEntries;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.Pager;
import dev.crashbench.engine.pager.Snapshot;
import dev.crashbench.engine.pager.SnapshotPages;
import java.io.IOException;

/**
 * A read-only view of the database as of its start: commits made after it began are invisible to
 * it, and checkpoints leave everything it can see in place until it is closed. Close it promptly:
 * an open reader stops checkpoints from resetting the WAL.
 */
public final class ReadTransaction extends Transaction {
    private final Pager pager;
    private final SnapshotPages pages;
    private final CatalogCache catalogs;
    /** The catalog of this snapshot, once asked for: a snapshot's catalog never changes. */
    private CatalogEntries catalog;

    ReadTransaction(Pager pager, CatalogCache catalogs) {
        this.pager = pager;
        this.pages = new SnapshotPages(pager, pager.beginRead());
        this.catalogs = catalogs;
    }

    @Override
    PageAccess pages() {
        return pages;
    }

    @Override
    int catalogRoot() {
        return pages.snapshot().header().catalogRoot();
    }

    @Override
    CatalogEntries catalog() throws IOException {
        if (catalog == null) {
            catalog = catalogs.entries(pages, catalogRoot());
        }
        return catalog;
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
