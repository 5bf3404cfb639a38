package dev.crashbench.engine.pager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PageCache}: bounded, least recently used first out, one entry per (page, version). */
class PageCacheTest {

    private static byte[] image(int tag) {
        byte[] image = new byte[Page.SIZE];
        image[0] = (byte) tag;
        return image;
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        PageCache cache = new PageCache(3);
        for (int page = 1; page <= 10; page++) {
            cache.put(page, PageCache.HOME, image(page));
            assertTrue(cache.size() <= 3, "size " + cache.size() + " after " + page + " puts");
        }
        assertEquals(3, cache.size());
        assertNull(cache.get(1, PageCache.HOME), "the oldest entries are gone");
        assertEquals(10, cache.get(10, PageCache.HOME)[0]);
        assertEquals(3, cache.capacity());
    }

    @Test
    void aReadKeepsAnEntryAndTheLeastRecentlyUsedGoesFirst() {
        PageCache cache = new PageCache(2);
        byte[] one = image(1);
        cache.put(1, PageCache.HOME, one);
        cache.put(2, PageCache.HOME, image(2));
        assertSame(one, cache.get(1, PageCache.HOME), "page 1 is now the most recently used");
        cache.put(3, PageCache.HOME, image(3));
        assertSame(one, cache.get(1, PageCache.HOME));
        assertNull(cache.get(2, PageCache.HOME), "page 2 was the least recently used");
    }

    @Test
    void versionsOfOnePageAreDistinctEntries() {
        PageCache cache = new PageCache(10);
        long frame0 = PageCache.walVersion(1, 0);
        long frame5 = PageCache.walVersion(1, 5);
        long nextGeneration = PageCache.walVersion(2, 0);
        cache.put(7, PageCache.HOME, image(0));
        cache.put(7, frame0, image(1));
        cache.put(7, frame5, image(2));
        cache.put(7, nextGeneration, image(3));
        assertEquals(0, cache.get(7, PageCache.HOME)[0]);
        assertEquals(1, cache.get(7, frame0)[0]);
        assertEquals(2, cache.get(7, frame5)[0]);
        assertEquals(3, cache.get(7, nextGeneration)[0]);
        assertNull(cache.get(8, frame0), "another page at the same version");
        cache.put(7, PageCache.HOME, image(9));
        assertEquals(9, cache.get(7, PageCache.HOME)[0], "a checkpoint replaces the home copy");
        assertEquals(4, cache.size());
    }

    @Test
    void walVersionsNeverCollideWithHomeOrEachOther() {
        Set<Long> seen = new HashSet<>();
        seen.add(PageCache.HOME);
        for (long generation : new long[] {1, 2, 3, 1L << 20}) {
            for (int frame : new int[] {0, 1, 2, 1000, Integer.MAX_VALUE - 1}) {
                long version = PageCache.walVersion(generation, frame);
                assertNotEquals(PageCache.HOME, version);
                assertTrue(seen.add(version), "generation " + generation + " frame " + frame + " collides");
            }
        }
    }

    @Test
    void aCacheNeedsRoomForAPage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PageCache(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }
}
