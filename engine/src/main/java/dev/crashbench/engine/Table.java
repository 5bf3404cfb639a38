package dev.crashbench.engine;

import dev.crashbench.engine.btree.BTree;
import dev.crashbench.engine.btree.Cursor;
import java.io.IOException;

/**
 * A table as one transaction sees it: signed 64-bit keys, byte-array values. Valid only while its
 * transaction is open. Writes need a {@link WriteTransaction}.
 */
public final class Table {
    private final Transaction transaction;
    private final String name;
    private final BTree tree;
    private int dropsSeen;
    private int epochSeen;

    Table(Transaction transaction, String name, int rootPage) {
        this.transaction = transaction;
        this.name = name;
        this.tree = new BTree(transaction.pages(), rootPage);
        this.dropsSeen = transaction.drops();
        this.epochSeen = transaction.epoch();
    }

    /**
     * Makes a handle that a reused write transaction's catalog cache kept usable in the
     * transaction now running (the tree's root and pages object are the same).
     */
    void renew() {
        this.dropsSeen = transaction.drops();
        this.epochSeen = transaction.epoch();
    }

    /**
     * Throws when the transaction ended or this table was dropped since the handle was made (its
     * pages may already belong to another table).
     */
    private void ensureUsable() throws IOException {
        transaction.ensureOpen();
        if (transaction.epoch() != epochSeen) {
            throw new IllegalStateException("table " + name + " was opened in an earlier transaction");
        }
        int drops = transaction.drops();
        if (drops != dropsSeen) {
            if (!transaction.stillNames(name, tree.rootPageId())) {
                throw new IllegalStateException("table " + name + " was dropped");
            }
            dropsSeen = drops;
        }
    }

    public String name() {
        return name;
    }

    /** The value stored under {@code key}, or null. */
    public byte[] get(long key) throws IOException {
        ensureUsable();
        return tree.get(key);
    }

    /**
     * Copies the value stored under {@code key} to {@code dst} at {@code offset} when it fits, and
     * returns its length, or -1 when there is none; a longer value is not copied (make room and ask
     * again). {@link #get(long)} without the new array, for a caller that keeps a buffer.
     */
    public int get(long key, byte[] dst, int offset) throws IOException {
        ensureUsable();
        return tree.get(key, dst, offset);
    }

    /** Inserts or replaces. Values may be empty and may be far larger than a page. */
    public void put(long key, byte[] value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null (use delete)");
        }
        // Not through WriteTransaction#mutate: a capturing lambda would allocate on every put.
        WriteTransaction writer = writer();
        try {
            tree.put(key, value);
        } catch (IOException | RuntimeException | Error e) {
            writer.failed(e);
            throw e;
        }
    }

    /**
     * Stores {@code value} under {@code key} only when the key is absent: true when it stored it,
     * false (and nothing changed) when the key was present. One descent of the tree, where
     * {@link #get} then {@link #put} take two.
     */
    public boolean insert(long key, byte[] value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        WriteTransaction writer = writer();
        try {
            return tree.insert(key, value);
        } catch (IOException | RuntimeException | Error e) {
            writer.failed(e);
            throw e;
        }
    }

    /** Removes {@code key}; false when it was absent. */
    public boolean delete(long key) throws IOException {
        WriteTransaction writer = writer();
        try {
            return tree.delete(key);
        } catch (IOException | RuntimeException | Error e) {
            writer.failed(e);
            throw e;
        }
    }

    /** The highest key, or null when the table is empty. */
    public Long lastKey() throws IOException {
        ensureUsable();
        return tree.lastKey();
    }

    /** Number of rows. */
    public long count() throws IOException {
        ensureUsable();
        return tree.count();
    }

    /** Rows with {@code fromInclusive <= key <= toInclusive}, in key order. */
    public Cursor scan(long fromInclusive, long toInclusive) throws IOException {
        ensureUsable();
        return tree.cursor(fromInclusive, toInclusive);
    }

    /** Every row, in key order. */
    public Cursor scan() throws IOException {
        return scan(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private WriteTransaction writer() throws IOException {
        ensureUsable();
        if (transaction instanceof WriteTransaction write) {
            return write;
        }
        throw new IllegalStateException("table " + name + " is open in a read transaction");
    }
}
