package dev.crashbench.engine.catalog;

import dev.crashbench.engine.btree.BTree;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.engine.btree.KeyTree;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.pager.TransactionPages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The trees of a database: a B+tree from tree id to {@link CatalogEntry}, rooted at the page the
 * database header names (0 until the first tree is created). Each entry is a table
 * ({@link BTree}) or a key set ({@link KeyTree}, the storage of secondary indexes); names are
 * unique across both kinds. DDL is a change to this tree inside an ordinary transaction, so
 * creating and dropping trees commits, rolls back and survives crashes exactly like data does.
 */
public final class Catalog {
    private final PageAccess pages;
    private final int root;

    public Catalog(PageAccess pages, int root) {
        this.pages = pages;
        this.root = root;
    }

    /** Every table, in table-id (creation) order. */
    public List<CatalogEntry> entries() throws IOException {
        List<CatalogEntry> entries = new ArrayList<>();
        if (root == 0) {
            return entries;
        }
        Cursor cursor = new BTree(pages, root).cursor(Long.MIN_VALUE, Long.MAX_VALUE);
        while (cursor.next()) {
            entries.add(decode(cursor.key(), cursor.value()));
        }
        return entries;
    }

    /** The table named {@code name}, or null. */
    public CatalogEntry find(String name) throws IOException {
        for (CatalogEntry entry : entries()) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    /**
     * Creates an empty table and returns its entry; the catalog tree itself is created with the
     * first table (and the header's catalog root set in {@code pages}).
     */
    public static CatalogEntry create(TransactionPages pages, String name) throws IOException {
        return create(pages, name, CatalogEntry.Kind.TABLE);
    }

    /** Creates an empty tree of {@code kind}; see {@link #create(TransactionPages, String)}. */
    public static CatalogEntry create(TransactionPages pages, String name, CatalogEntry.Kind kind) throws IOException {
        CatalogEntry.checkName(name);
        int catalogRoot = pages.header().catalogRoot();
        if (catalogRoot == 0) {
            catalogRoot = BTree.create(pages);
            pages.setCatalogRoot(catalogRoot);
        }
        Catalog catalog = new Catalog(pages, catalogRoot);
        List<CatalogEntry> existing = catalog.entries();
        for (CatalogEntry entry : existing) {
            if (entry.name().equals(name)) {
                throw new IllegalArgumentException((entry.kind() == CatalogEntry.Kind.TABLE ? "table " : "key set ")
                        + name + " already exists");
            }
        }
        long id = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).tableId() + 1;
        int rootPage = kind == CatalogEntry.Kind.TABLE ? BTree.create(pages) : KeyTree.create(pages);
        CatalogEntry entry = new CatalogEntry(id, name, rootPage, kind);
        new BTree(pages, catalogRoot).put(id, entry.encode());
        return entry;
    }

    /** Drops a tree of either kind and frees all its pages; false when there is no such tree. */
    public static boolean drop(TransactionPages pages, String name) throws IOException {
        return drop(pages, name, null);
    }

    /** Drops the tree named {@code name} if it is of {@code kind} (any kind when null); false otherwise. */
    public static boolean drop(TransactionPages pages, String name, CatalogEntry.Kind kind) throws IOException {
        int catalogRoot = pages.header().catalogRoot();
        if (catalogRoot == 0) {
            return false;
        }
        CatalogEntry entry = new Catalog(pages, catalogRoot).find(name);
        if (entry == null || kind != null && entry.kind() != kind) {
            return false;
        }
        if (entry.kind() == CatalogEntry.Kind.TABLE) {
            new BTree(pages, entry.rootPage()).drop();
        } else {
            new KeyTree(pages, entry.rootPage()).drop();
        }
        new BTree(pages, catalogRoot).delete(entry.tableId());
        return true;
    }

    /**
     * Claims the catalog's pages and every table's pages in {@code owners}, recording problems
     * (malformed entries, duplicate names, damaged trees) instead of throwing.
     */
    public void verify(PageOwners owners) throws IOException {
        if (root == 0) {
            return;
        }
        BTree tree = new BTree(pages, root);
        int problemsBefore = owners.problemsSoFar().size();
        tree.verify(owners, "the catalog");
        if (owners.problemsSoFar().size() > problemsBefore) {
            return; // the entries of a damaged catalog cannot be listed reliably
        }
        Set<String> names = new HashSet<>();
        Cursor cursor = tree.cursor(Long.MIN_VALUE, Long.MAX_VALUE);
        while (cursor.next()) {
            CatalogEntry entry = CatalogEntry.decode(cursor.key(), cursor.value());
            if (entry == null) {
                owners.corruption("catalog entry " + cursor.key() + " is malformed");
                continue;
            }
            if (!names.add(entry.name())) {
                owners.inconsistency("two trees are named " + entry.name());
            }
            if (entry.kind() == CatalogEntry.Kind.TABLE) {
                new BTree(pages, entry.rootPage()).verify(owners, "table " + entry.name());
            } else {
                new KeyTree(pages, entry.rootPage()).verify(owners, "key set " + entry.name());
            }
        }
    }

    private CatalogEntry decode(long key, byte[] value) throws IOException {
        CatalogEntry entry = CatalogEntry.decode(key, value);
        if (entry == null) {
            throw pages.corruption(root, "catalog entry " + key + " is malformed");
        }
        return entry;
    }
}
