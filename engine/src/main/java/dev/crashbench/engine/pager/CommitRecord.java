package dev.crashbench.engine.pager;

import java.util.Arrays;

/**
 * One transaction's commit as the WAL and the pager take it: its pages in page-id order, sealed,
 * the database header after it and the page digest of the database after it. Built by
 * {@link TransactionPages#prepare}, appended by {@link Pager#append} and published by
 * {@link Pager#publish}. Mutable so a reused writer fills the same record at every commit
 * instead of allocating arrays for each.
 */
public final class CommitRecord {
    private int[] pageIds;
    private byte[][] images;
    private int count;
    private DbHeader header;
    private long digest;

    public CommitRecord(int capacity) {
        pageIds = new int[Math.max(1, capacity)];
        images = new byte[Math.max(1, capacity)][];
    }

    /** Empties the record for the next commit, keeping its arrays. */
    void clear() {
        Arrays.fill(images, 0, count, null);
        count = 0;
        header = null;
        digest = 0;
    }

    void add(int pageId, byte[] image) {
        if (count == pageIds.length) {
            pageIds = Arrays.copyOf(pageIds, count * 2);
            images = Arrays.copyOf(images, count * 2);
        }
        pageIds[count] = pageId;
        images[count] = image;
        count++;
    }

    void seal(DbHeader headerAfter, long digestAfter) {
        this.header = headerAfter;
        this.digest = digestAfter;
    }

    /** Page ids, in page-id order; entries {@code [0, count())} are valid. */
    public int[] pageIds() {
        return pageIds;
    }

    /** The sealed page images, in the order of {@link #pageIds()}. */
    public byte[][] images() {
        return images;
    }

    public int count() {
        return count;
    }

    /** The database header after the commit. */
    public DbHeader header() {
        return header;
    }

    /** The page digest ({@link PageDigest}) of the database after the commit. */
    public long digest() {
        return digest;
    }
}
