package dev.crashbench.engine;

import dev.crashbench.engine.btree.KeyCursor;
import dev.crashbench.engine.btree.KeyTree;
import dev.crashbench.engine.btree.KeyNode;
import java.io.IOException;

/**
 * A key set as one transaction sees it: an ordered set of byte strings of 1 to
 * {@link #MAX_KEY_BYTES} bytes, compared as unsigned bytes. The SQL layer keeps each secondary
 * index in one. Valid only while its transaction is open; changes need a {@link WriteTransaction}.
 */
public final class KeySet {
    /** Longest key a key set stores. */
    public static final int MAX_KEY_BYTES = KeyNode.MAX_KEY;

    private final Transaction transaction;
    private final String name;
    private final KeyTree tree;
    private int dropsSeen;
    private int epochSeen;

    KeySet(Transaction transaction, String name, int rootPage) {
        this.transaction = transaction;
        this.name = name;
        this.tree = new KeyTree(transaction.pages(), rootPage);
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

    private void ensureUsable() throws IOException {
        transaction.ensureOpen();
        if (transaction.epoch() != epochSeen) {
            throw new IllegalStateException("key set " + name + " was opened in an earlier transaction");
        }
        int drops = transaction.drops();
        if (drops != dropsSeen) {
            if (!transaction.stillNames(name, tree.rootPageId())) {
                throw new IllegalStateException("key set " + name + " was dropped");
            }
            dropsSeen = drops;
        }
    }

    public String name() {
        return name;
    }

    public boolean contains(byte[] key) throws IOException {
        ensureUsable();
        return tree.contains(key);
    }

    /** Adds {@code key}; false when it was present. */
    public boolean add(byte[] key) throws IOException {
        return writer().mutate(() -> tree.insert(key));
    }

    /** Removes {@code key}; false when it was absent. */
    public boolean remove(byte[] key) throws IOException {
        return writer().mutate(() -> tree.delete(key));
    }

    /** Keys at or above {@code fromInclusive} (all when null), ascending; the caller stops at its upper bound. */
    public KeyCursor scan(byte[] fromInclusive) throws IOException {
        ensureUsable();
        return tree.cursor(fromInclusive);
    }

    public long count() throws IOException {
        ensureUsable();
        return tree.count();
    }

    private WriteTransaction writer() throws IOException {
        ensureUsable();
        if (transaction instanceof WriteTransaction write) {
            return write;
        }
        throw new IllegalStateException("key set " + name + " is open in a read transaction");
    }
}
