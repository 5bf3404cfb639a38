package dev.crashbench.engine;

import dev.crashbench.engine.catalog.Catalog;
import dev.crashbench.engine.catalog.CatalogEntries;
import dev.crashbench.engine.catalog.CatalogEntry;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.TransactionPages;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The one write transaction a database allows at a time. Its changes stay private until
 * {@link #commit}; {@link #rollback} or {@link #close} without a commit discards them. A failure
 * inside an operation (an I/O error, corruption found) rolls the transaction back at once, since
 * its pages may be half changed; later calls on it then throw.
 *
 * <p>With {@code writer_reuse}, one object serves every write transaction of an opening, one
 * after the other ({@link #begin}), with one {@link TransactionPages} and a catalog cache: the
 * table and key set handles it made, kept while the schema stays as it is. Any create or drop
 * empties the cache, and so does the rollback of a transaction that made one; nothing else
 * changes the catalog, since this is the only writer. A handle is usable only in the transaction
 * that made or last returned it ({@link #epoch}).
 *
 * <p><b>With {@code writer_reuse}, the writer denotes the current write transaction, not one
 * transaction.</b> As a JDBC {@code Connection} denotes its current transaction, the object
 * {@link Database#beginWrite} returns stands for the write transaction now running on it, and is
 * valid for that transaction until its {@link #commit}, {@link #rollback} or {@link #close}. After
 * that the same object is handed to the next {@code beginWrite}, so a reference kept past the end
 * of its transaction names whichever transaction runs next:
 * <ul>
 *   <li>{@link #close} and {@link #rollback} after a commit do nothing (so try-with-resources stays
 *       correct: its close follows the commit before this thread can begin again);</li>
 *   <li>a close from a thread other than the one that began the running transaction does nothing
 *       (the late close of an earlier transaction);</li>
 *   <li>any other use from a thread other than the one that began the running transaction is
 *       refused with {@link IllegalStateException}: it is a reference kept past its transaction, now
 *       naming another thread's. A transaction handed to another thread on purpose is taken over
 *       there with {@link #continueOnThisThread} first;</li>
 *   <li>after {@link Database#close} every use is refused (the close rolled back what was open);</li>
 *   <li>what no check can tell: a reference kept past its commit and used on the same thread after
 *       that thread began again acts on the new transaction (a late {@code close()} rolls it back).
 *       Telling the two apart would need an object per transaction, the very allocation the option
 *       removes: do not keep the writer past commit.</li>
 * </ul>
 * Without {@code writer_reuse} each {@code beginWrite} returns a new object, whose uses after its
 * end are all refused, and which any thread may use.
 */
public final class WriteTransaction extends Transaction {
    private final Database database;
    private final TransactionPages pages;
    private int drops;
    /** Null unless reused: handles by name, valid for the catalog as committed. */
    private final Map<String, Table> tables;
    private final Map<String, KeySet> keySets;
    private int epoch;
    /** Whether this transaction created or dropped a tree (its cached handles must not outlive a rollback). */
    private boolean schemaChanged;
    private boolean committed;
    /**
     * Reused only: the thread that began the transaction now running, or took it over
     * ({@link #continueOnThisThread}); the only one that may use it.
     */
    private Thread begunBy;

    WriteTransaction(Database database, TransactionPages pages) {
        this(database, pages, false);
    }

    private WriteTransaction(Database database, TransactionPages pages, boolean reused) {
        this.database = database;
        this.pages = pages;
        this.tables = reused ? new HashMap<>() : null;
        this.keySets = reused ? new HashMap<>() : null;
    }

    /** The write transaction object a reusing writer runs every transaction on; closed until {@link #begin}. */
    static WriteTransaction reusable(Database database, TransactionPages pages) {
        WriteTransaction transaction = new WriteTransaction(database, pages, true);
        transaction.markClosed("not begun");
        transaction.committed = true;
        return transaction;
    }

    /**
     * Starts the next transaction on this reused object.
     *
     * @param keepRolledBackPages the unsafe mutation {@code REUSE_KEEPS_ROLLED_BACK_PAGES}: pages
     *                            a rolled-back transaction dirtied stay, and this one commits them
     */
    void begin(boolean keepRolledBackPages) {
        if (!committed && schemaChanged) {
            forgetHandles(); // they may name trees the rollback took away
        }
        if (keepRolledBackPages) {
            pages.beginKeepingLeftovers();
        } else {
            pages.begin();
        }
        epoch++;
        begunBy = Thread.currentThread();
        drops = 0;
        schemaChanged = false;
        committed = false;
        reopen();
    }

    @Override
    int epoch() {
        return epoch;
    }

    /**
     * With {@code writer_reuse}, also refuses a thread other than the one running the transaction
     * (see the class comment): one field read and a thread compare, and the message is built only
     * on refusal, so the commit path stays allocation-free.
     */
    @Override
    void ensureOpen() {
        super.ensureOpen();
        if (tables != null && begunBy != Thread.currentThread()) {
            throw new IllegalStateException("the write transaction running on this reused writer was begun on thread "
                    + begunBy.getName() + ", and thread " + Thread.currentThread().getName() + " used it: with writer_reuse"
                    + " the writer denotes the running transaction, so a reference kept past its commit names another"
                    + " thread's (a transaction handed over on purpose is taken with continueOnThisThread)");
        }
    }

    /**
     * Takes the running transaction over on this thread: with {@code writer_reuse}, the only way
     * to hand a write transaction to another thread (see the class comment); without it, nothing to
     * do. {@link IllegalStateException} when no transaction is running on this object.
     */
    public void continueOnThisThread() {
        super.ensureOpen();
        if (tables != null) {
            begunBy = Thread.currentThread();
        }
    }

    @Override
    Table cachedTable(String name) {
        Table table = tables == null ? null : tables.get(name);
        if (table != null) {
            table.renew();
        }
        return table;
    }

    @Override
    KeySet cachedKeySet(String name) {
        KeySet keySet = keySets == null ? null : keySets.get(name);
        if (keySet != null) {
            keySet.renew();
        }
        return keySet;
    }

    @Override
    Table remember(Table table) {
        if (tables != null) {
            tables.put(table.name(), table);
        }
        return table;
    }

    @Override
    KeySet remember(KeySet keySet) {
        if (keySets != null) {
            keySets.put(keySet.name(), keySet);
        }
        return keySet;
    }

    /** Empties the catalog cache: the schema changed. */
    private void schemaChanging() {
        schemaChanged = true;
        forgetHandles();
    }

    private void forgetHandles() {
        if (tables != null) {
            tables.clear();
            keySets.clear();
        }
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

    /**
     * Through the opening's shared cache, which is keyed by the catalog page's content: this
     * transaction's own uncommitted DDL changes that page, so it is never mistaken for the
     * committed catalog, and the handle cache above stays the writer's fast path.
     */
    @Override
    CatalogEntries catalog() throws IOException {
        return database.catalogs().entries(pages, catalogRoot());
    }

    /** Creates an empty table; {@link IllegalArgumentException} when the name is taken or unusable. */
    public Table createTable(String name) throws IOException {
        ensureOpen();
        CatalogEntry.checkName(name);
        if (hasTree(name)) {
            throw new IllegalArgumentException("table " + name + " already exists");
        }
        schemaChanging();
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
        schemaChanging();
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
        schemaChanging();
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
        committed = true;
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

    /**
     * Discards every change. Does nothing after a commit or rollback; with {@code writer_reuse} a
     * rollback may come from any thread (the one that began the transaction, or one closing the
     * database), and ends the transaction running on the writer.
     */
    public void rollback() {
        if (isOpen()) {
            markClosed("rolled back");
            database.endWrite(this);
        }
    }

    /**
     * Rolls back when not committed. On a reused object, a close from a thread other than the one
     * that began the transaction now running does nothing: it is the late close of an earlier
     * transaction (a try-with-resources that committed, then lost the race to another writer that
     * began on this object), and must not roll back that writer's transaction. {@link #rollback}
     * ends the transaction from any thread.
     */
    @Override
    public void close() {
        if (tables != null && begunBy != Thread.currentThread()) {
            return;
        }
        rollback();
    }

    /** A change to the tree; any failure inside it rolls the transaction back. */
    <T> T mutate(Mutation<T> change) throws IOException {
        ensureOpen();
        try {
            return change.apply();
        } catch (IOException | RuntimeException | Error e) {
            failed(e);
            throw e;
        }
    }

    /** Rolls the transaction back after {@code e} broke an operation halfway; the caller rethrows it. */
    void failed(Throwable e) {
        markClosed("rolled back after an error: " + e);
        database.endWrite(this);
    }

    @FunctionalInterface
    interface Mutation<T> {
        T apply() throws IOException;
    }
}
