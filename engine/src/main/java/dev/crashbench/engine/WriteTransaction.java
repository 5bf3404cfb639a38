package dev.crashbench.engine;

import dev.crashbench.engine.catalog.Catalog;
import dev.crashbench.engine.catalog.CatalogEntry;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.TransactionPages;
import java.io.IOException;

/**
 * The one write transaction a database allows at a time. Its changes stay private until
 * {@link #commit}; {@link #rollback} or {@link #close} without a commit discards them. A failure
 * inside an operation (an I/O error, corruption found) rolls the transaction back at once, since
 * its pages may be half changed; later calls on it then throw.
 */
public final class WriteTransaction extends Transaction {
    private final Database database;
    private final TransactionPages pages;
    private int drops;

    WriteTransaction(Database database, TransactionPages pages) {
        this.database = database;
        this.pages = pages;
    }

    @Override
    PageAccess pages() {
        return pages;
    }

    TransactionPages transactionPages() {
        return pages;
    }

    @Override
    int drops() {
        return drops;
    }

    @Override
    int catalogRoot() {
        return pages.header().catalogRoot();
    }

    /** Creates an empty table; {@link IllegalArgumentException} when the name is taken or unusable. */
    public Table createTable(String name) throws IOException {
        ensureOpen();
        CatalogEntry.checkName(name);
        if (hasTree(name)) {
            throw new IllegalArgumentException("table " + name + " already exists");
        }
        return mutate(() -> {
            var entry = Catalog.create(pages, name);
            return new Table(this, entry.name(), entry.rootPage());
        });
    }

    /**
     * Creates an empty key set (an ordered set of byte strings, the storage of a secondary index);
     * {@link IllegalArgumentException} when the name is taken by a table or key set, or unusable.
     */
    public KeySet createKeySet(String name) throws IOException {
        ensureOpen();
        CatalogEntry.checkName(name);
        if (hasTree(name)) {
            throw new IllegalArgumentException("key set " + name + " already exists");
        }
        return mutate(() -> {
            var entry = Catalog.create(pages, name, CatalogEntry.Kind.KEY_SET);
            return new KeySet(this, entry.name(), entry.rootPage());
        });
    }

    /** Drops a table and frees its pages; false when there is no such table. */
    public boolean dropTable(String name) throws IOException {
        return drop(name, CatalogEntry.Kind.TABLE);
    }

    /** Drops a key set and frees its pages; false when there is no such key set. */
    public boolean dropKeySet(String name) throws IOException {
        return drop(name, CatalogEntry.Kind.KEY_SET);
    }

    private boolean drop(String name, CatalogEntry.Kind kind) throws IOException {
        ensureOpen();
        return mutate(() -> {
            boolean dropped = Catalog.drop(pages, name, kind);
            if (dropped) {
                drops++;
            }
            return dropped;
        });
    }

    /**
     * Makes every change durable (per the durability mode) and visible to later transactions.
     * When this returns in FULL mode, the commit is on disk. When it throws an I/O error the
     * commit may or may not have reached the disk, and the database stops accepting writes
     * until reopened.
     */
    public void commit() throws IOException {
        ensureOpen();
        markClosed("committed");
        database.commit(this);
    }

    /**
     * The first half of {@link #commit}: appends the changes to the WAL and ends the transaction,
     * so the next one may begin (and build on them), and returns the ticket whose
     * {@link CommitTicket#await} makes them durable and visible. With group commit
     * ({@link Optimization#GROUP_COMMIT}) the commits awaited at the same time share one WAL sync;
     * without it the commit is already durable when this returns. When this throws an I/O error the
     * commit may or may not reach the disk, and the database stops accepting writes.
     */
    public CommitTicket commitAsync() throws IOException {
        ensureOpen();
        markClosed("committed");
        return database.commitAsync(this);
    }

    /** Discards every change. */
    public void rollback() {
        if (isOpen()) {
            markClosed("rolled back");
            database.endWrite(this);
        }
    }

    @Override
    public void close() {
        rollback();
    }

    /** A change to the tree; any failure inside it rolls the transaction back. */
    <T> T mutate(Mutation<T> change) throws IOException {
        ensureOpen();
        try {
            return change.apply();
        } catch (IOException | RuntimeException | Error e) {
            markClosed("rolled back after an error: " + e);
            database.endWrite(this);
            throw e;
        }
    }

    @FunctionalInterface
    interface Mutation<T> {
        T apply() throws IOException;
    }
}
