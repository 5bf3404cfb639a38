package dev.crashbench.engine;

import dev.crashbench.engine.catalog.CatalogEntries;
import dev.crashbench.engine.catalog.CatalogEntry;
import dev.crashbench.engine.pager.PageAccess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What read and write transactions share: finding tables in the catalog as the transaction sees it. */
public abstract sealed class Transaction implements AutoCloseable permits ReadTransaction, WriteTransaction {
    private String closedBecause;

    abstract PageAccess pages();

    abstract int catalogRoot();

    /**
     * The catalog as this transaction sees it now, from the opening's {@link
     * dev.crashbench.engine.catalog.CatalogCache}: decoded only when no transaction has decoded
     * the same catalog before.
     */
    abstract CatalogEntries catalog() throws IOException;

    /** The table named {@code name}; {@link IllegalArgumentException} when there is none. */
    public Table table(String name) throws IOException {
        ensureOpen();
        Table cached = cachedTable(name);
        if (cached != null) {
            return cached;
        }
        CatalogEntry entry = catalog().find(name);
        if (entry == null || entry.kind() != CatalogEntry.Kind.TABLE) {
            throw new IllegalArgumentException("no table named '" + name + "'");
        }
        return remember(new Table(this, entry.name(), entry.rootPage()));
    }

    /** The key set named {@code name}; {@link IllegalArgumentException} when there is none. */
    public KeySet keySet(String name) throws IOException {
        ensureOpen();
        KeySet cached = cachedKeySet(name);
        if (cached != null) {
            return cached;
        }
        CatalogEntry entry = catalog().find(name);
        if (entry == null || entry.kind() != CatalogEntry.Kind.KEY_SET) {
            throw new IllegalArgumentException("no key set named '" + name + "'");
        }
        return remember(new KeySet(this, entry.name(), entry.rootPage()));
    }

    /**
     * A handle for table {@code name} this transaction's catalog cache holds, made usable in this
     * transaction; null when there is no cache or it has none.
     */
    Table cachedTable(String name) {
        return null;
    }

    KeySet cachedKeySet(String name) {
        return null;
    }

    /** Keeps {@code table} in this transaction's catalog cache, if it has one; returns it. */
    Table remember(Table table) {
        return table;
    }

    KeySet remember(KeySet keySet) {
        return keySet;
    }

    /**
     * Which transaction, of those a reused write transaction object has run, is running now: a
     * handle made in an earlier one must not be used in this one. Always 0 for a transaction
     * object that runs once.
     */
    int epoch() {
        return 0;
    }

    /** Whether a table (not a key set) is named {@code name}. */
    public boolean hasTable(String name) throws IOException {
        ensureOpen();
        if (cachedTable(name) != null) {
            return true; // the SQL layer asks before every statement: no catalog decode then
        }
        CatalogEntry entry = catalog().find(name);
        return entry != null && entry.kind() == CatalogEntry.Kind.TABLE;
    }

    /** Whether any tree, table or key set, is named {@code name}. */
    public boolean hasTree(String name) throws IOException {
        ensureOpen();
        return catalog().find(name) != null;
    }

    /** Names of all tables, in creation order. */
    public List<String> tableNames() throws IOException {
        return names(CatalogEntry.Kind.TABLE);
    }

    /** Names of all key sets, in creation order. */
    public List<String> keySetNames() throws IOException {
        return names(CatalogEntry.Kind.KEY_SET);
    }

    private List<String> names(CatalogEntry.Kind kind) throws IOException {
        ensureOpen();
        List<String> names = new ArrayList<>();
        for (CatalogEntry entry : catalog().all()) {
            if (entry.kind() == kind) {
                names.add(entry.name());
            }
        }
        return names;
    }

    /** Tables dropped so far in this transaction; a table handle re-checks the catalog when it changes. */
    int drops() {
        return 0;
    }

    /** Whether {@code name} still names the table rooted at {@code rootPage}. */
    boolean stillNames(String name, int rootPage) throws IOException {
        CatalogEntry entry = catalog().find(name);
        return entry != null && entry.rootPage() == rootPage;
    }

    public boolean isOpen() {
        return closedBecause == null;
    }

    void ensureOpen() {
        if (closedBecause != null) {
            throw new IllegalStateException("transaction is " + closedBecause);
        }
    }

    /** Opens a reused transaction object again for its next transaction. */
    void reopen() {
        closedBecause = null;
    }

    void markClosed(String why) {
        if (closedBecause == null) {
            closedBecause = why;
        }
    }

    /** Ends the transaction; a write transaction that was not committed is rolled back. */
    @Override
    public abstract void close();
}
