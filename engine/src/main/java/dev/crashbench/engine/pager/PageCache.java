package dev.crashbench.engine.pager;

import java.util.Arrays;

/**
 * A bounded least-recently-used cache of committed page images, keyed by page id and version.
 *
 * <p>A version names one exact image: {@link #HOME} for the copy in the database file, otherwise
 * the WAL generation and frame it came from. Because a key never names two different images, an
 * entry never goes stale and readers at different snapshots share the cache safely; the one
 * exception, the home copy that a checkpoint overwrites, is replaced by the checkpoint itself.
 * Only committed images enter the cache, so eviction never has anything to write back: an
 * uncommitted page lives in its transaction until commit, and never reaches the database file.
 *
 * <p>Allocation-free once it has grown to its capacity, since every commit passes through it:
 * entries live in parallel arrays (key, image, and the links of the recency list), found through
 * an open-addressing table of entry numbers with linear probing; a removal shifts the probe run
 * back instead of leaving a tombstone. The arrays grow by doubling up to the capacity, so a large
 * capacity costs nothing until it is used.
 *
 * <p><b>Verified once.</b> An entry also remembers which kind of {@link PageStructure} verified its
 * image, and the highest page id the image refers to ({@link #verifiedReferences}): a b-tree node
 * entering the cache is verified by its first reader, and every later visit checks only that those
 * references lie below its own snapshot's page count. A mark belongs to the entry's image: replacing
 * or removing the image drops it.
 *
 * <p>Thread-safe; cached arrays are shared and must never be modified.
 */
public final class PageCache {
    /** Version of the image in the database file. */
    public static final long HOME = 0;
    /** {@link #verifiedReferences} of an image no structure has verified in the cache. */
    public static final int UNVERIFIED = -1;
    private static final int NONE = -1;

    private final int capacity;
    private int[] pageIds;
    private long[] versions;
    private byte[][] images;
    /**
     * Per entry: the kind of structure that verified its image (null: none), and the highest page
     * id it refers to. A kind, not an instance: every tree has its own check object, and one tree's
     * verification serves all.
     */
    private Class<?>[] verifiedBy;
    private int[] highestReferences;
    /** The recency list: {@code newer[e]} / {@code older[e]}; free entries are chained through {@code older}. */
    private int[] newer;
    private int[] older;
    /** Entry number + 1 per slot, 0 for an empty slot; at least twice as many slots as entries. */
    private int[] table;
    private int newest = NONE;
    private int oldest = NONE;
    private int freeEntries = NONE;
    private int used;
    private int size;

    public PageCache(int capacityPages) {
        if (capacityPages < 1) {
            throw new IllegalArgumentException("page cache needs at least 1 page, got " + capacityPages);
        }
        this.capacity = capacityPages;
        allocate(Math.min(capacityPages, 64));
    }

    /** The version of frame {@code frame} of WAL generation {@code generation}. */
    public static long walVersion(long generation, int frame) {
        return (generation << 32) | (frame + 1L);
    }

    public synchronized byte[] get(int pageId, long version) {
        int entry = find(pageId, version);
        if (entry == NONE) {
            return null;
        }
        touch(entry);
        return images[entry];
    }

    public synchronized void put(int pageId, long version, byte[] image) {
        int entry = find(pageId, version);
        if (entry != NONE) {
            images[entry] = image;
            verifiedBy[entry] = null;
            touch(entry);
            return;
        }
        if (size == capacity) {
            remove(oldest);
        }
        entry = freeEntry();
        pageIds[entry] = pageId;
        versions[entry] = version;
        images[entry] = image;
        verifiedBy[entry] = null;
        linkNewest(entry);
        insert(entry);
        size++;
    }

    /**
     * Removes the entry of {@code pageId} at {@code version} when it holds exactly {@code image}
     * (the same array); returns whether it did.
     */
    public synchronized boolean removeIfSame(int pageId, long version, byte[] image) {
        int entry = find(pageId, version);
        if (entry == NONE || images[entry] != image) {
            return false;
        }
        remove(entry);
        return true;
    }

    /**
     * The highest page id {@code image}, cached for {@code pageId} at {@code version}, refers to, as
     * a structure of {@code structure}'s class found when it verified it; {@link #UNVERIFIED} when
     * the cache does not hold that very array there or no such structure has verified it.
     */
    public synchronized int verifiedReferences(int pageId, long version, byte[] image, PageStructure structure) {
        int entry = find(pageId, version);
        if (entry == NONE || images[entry] != image || verifiedBy[entry] != structure.getClass()) {
            return UNVERIFIED;
        }
        return highestReferences[entry];
    }

    /**
     * Records that {@code structure} verified {@code image} and found {@code highestReference} the
     * highest page id it refers to; nothing when the entry no longer holds that array.
     */
    public synchronized void markVerified(int pageId, long version, byte[] image, PageStructure structure,
                                          int highestReference) {
        int entry = find(pageId, version);
        if (entry != NONE && images[entry] == image) {
            verifiedBy[entry] = structure.getClass();
            highestReferences[entry] = highestReference;
        }
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    private int find(int pageId, long version) {
        int mask = table.length - 1;
        for (int slot = hash(pageId, version) & mask; ; slot = (slot + 1) & mask) {
            int held = table[slot] - 1;
            if (held == NONE) {
                return NONE;
            }
            if (pageIds[held] == pageId && versions[held] == version) {
                return held;
            }
        }
    }

    private void insert(int entry) {
        int mask = table.length - 1;
        int slot = hash(pageIds[entry], versions[entry]) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = entry + 1;
    }

    private void remove(int entry) {
        int mask = table.length - 1;
        int hole = hash(pageIds[entry], versions[entry]) & mask;
        while (table[hole] - 1 != entry) {
            hole = (hole + 1) & mask;
        }
        table[hole] = 0;
        // Shift the rest of the probe run back over the hole, so lookups never stop early.
        for (int slot = (hole + 1) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int held = table[slot] - 1;
            int home = hash(pageIds[held], versions[held]) & mask;
            if (((slot - home) & mask) >= ((slot - hole) & mask)) {
                table[hole] = table[slot];
                table[slot] = 0;
                hole = slot;
            }
        }
        unlink(entry);
        images[entry] = null;
        verifiedBy[entry] = null;
        older[entry] = freeEntries;
        freeEntries = entry;
        size--;
    }

    private int freeEntry() {
        if (freeEntries != NONE) {
            int entry = freeEntries;
            freeEntries = older[entry];
            return entry;
        }
        if (used == pageIds.length) {
            allocate(Math.min(capacity, pageIds.length * 2));
        }
        return used++;
    }

    /** Grows the entry arrays to {@code entries} and rebuilds the table for them. */
    private void allocate(int entries) {
        pageIds = pageIds == null ? new int[entries] : Arrays.copyOf(pageIds, entries);
        versions = versions == null ? new long[entries] : Arrays.copyOf(versions, entries);
        images = images == null ? new byte[entries][] : Arrays.copyOf(images, entries);
        verifiedBy = verifiedBy == null ? new Class<?>[entries] : Arrays.copyOf(verifiedBy, entries);
        highestReferences = highestReferences == null ? new int[entries] : Arrays.copyOf(highestReferences, entries);
        newer = newer == null ? new int[entries] : Arrays.copyOf(newer, entries);
        older = older == null ? new int[entries] : Arrays.copyOf(older, entries);
        table = new int[Integer.highestOneBit(Math.max(2, entries) * 2 - 1) << 1];
        for (int entry = newest; entry != NONE; entry = older[entry]) {
            insert(entry);
        }
    }

    private void touch(int entry) {
        if (entry != newest) {
            unlink(entry);
            linkNewest(entry);
        }
    }

    private void linkNewest(int entry) {
        newer[entry] = NONE;
        older[entry] = newest;
        if (newest != NONE) {
            newer[newest] = entry;
        }
        newest = entry;
        if (oldest == NONE) {
            oldest = entry;
        }
    }

    private void unlink(int entry) {
        int before = newer[entry];
        int after = older[entry];
        if (before != NONE) {
            older[before] = after;
        } else {
            newest = after;
        }
        if (after != NONE) {
            newer[after] = before;
        } else {
            oldest = before;
        }
    }

    private static int hash(int pageId, long version) {
        long h = (version * 0x9E3779B97F4A7C15L) ^ pageId;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
