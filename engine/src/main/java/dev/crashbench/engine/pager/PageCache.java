package dev.crashbench.engine.pager;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * <p>Thread-safe; cached arrays are shared and must never be modified.
 */
public final class PageCache {
    /** Version of the image in the database file. */
    public static final long HOME = 0;

    private record Key(int pageId, long version) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, byte[]> entries;

    public PageCache(int capacityPages) {
        if (capacityPages < 1) {
            throw new IllegalArgumentException("page cache needs at least 1 page, got " + capacityPages);
        }
        this.capacity = capacityPages;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
                return size() > PageCache.this.capacity;
            }
        };
    }

    /** The version of frame {@code frame} of WAL generation {@code generation}. */
    public static long walVersion(long generation, int frame) {
        return (generation << 32) | (frame + 1L);
    }

    public synchronized byte[] get(int pageId, long version) {
        return entries.get(new Key(pageId, version));
    }

    public synchronized void put(int pageId, long version, byte[] image) {
        entries.put(new Key(pageId, version), image);
    }

    /**
     * Removes the entry of {@code pageId} at {@code version} when it holds exactly {@code image}
     * (the same array); returns whether it did. Never allocates.
     */
    public synchronized boolean removeIfSame(int pageId, long version, byte[] image) {
        return entries.remove(new Key(pageId, version), image);
    }

    public synchronized int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }
}
