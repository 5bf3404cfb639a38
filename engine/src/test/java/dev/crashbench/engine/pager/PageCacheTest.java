package dev.crashbench.engine.pager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
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

    @Test
    void aRemovalIsOnlyOfTheSameArray() {
        PageCache cache = new PageCache(4);
        byte[] held = image(1);
        cache.put(3, PageCache.HOME, held);
        assertTrue(!cache.removeIfSame(3, PageCache.HOME, image(1)), "an equal but other array stays");
        assertTrue(!cache.removeIfSame(3, PageCache.walVersion(1, 0), held), "another version");
        assertTrue(cache.removeIfSame(3, PageCache.HOME, held));
        assertNull(cache.get(3, PageCache.HOME));
        assertEquals(0, cache.size());
    }

    /**
     * Random puts, gets and removals, few pages and versions so keys collide, against an
     * access-ordered LinkedHashMap bounded the same way: the same entries, in the same eviction order.
     */
    @Property(tries = 200)
    void behavesLikeABoundedAccessOrderedMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int capacity) {
        SplittableRandom random = new SplittableRandom(seed);
        PageCache cache = new PageCache(capacity);
        LinkedHashMap<List<Long>, byte[]> model = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Long>, byte[]> eldest) {
                return size() > capacity;
            }
        };
        for (int op = 0; op < 2000; op++) {
            int page = random.nextInt(60);
            long version = random.nextInt(4) == 0 ? PageCache.HOME : PageCache.walVersion(1 + random.nextInt(2), random.nextInt(20));
            List<Long> key = List.of((long) page, version);
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] image = new byte[1];
                    cache.put(page, version, image);
                    model.put(key, image);
                }
                case 1 -> assertSame(model.get(key), cache.get(page, version), "get " + key + " at op " + op);
                default -> {
                    // Peeks without get, which would count as a use in an access-ordered map.
                    byte[] held = model.entrySet().stream().filter(e -> e.getKey().equals(key))
                            .map(Map.Entry::getValue).findFirst().orElse(null);
                    boolean removed = held != null && random.nextBoolean()
                            ? cache.removeIfSame(page, version, held) : cache.removeIfSame(page, version, new byte[1]);
                    if (removed) {
                        model.remove(key);
                    }
                }
            }
            assertEquals(model.size(), cache.size(), "size at op " + op);
        }
        for (Map.Entry<List<Long>, byte[]> entry : model.entrySet()) {
            assertSame(entry.getValue(), cache.get(entry.getKey().get(0).intValue(), entry.getKey().get(1)));
        }
    }

    /** A check that reports a fixed highest reference; two classes, to show marks are kept per class. */
    private static class MarkingCheck implements PageStructure {
        @Override
        public int verifyOnce(byte[] page, int pageId, PageAccess access) {
            return 0;
        }

        @Override
        public void verify(byte[] page, int pageId, PageAccess access) {
        }
    }

    private static final class OtherCheck extends MarkingCheck {
    }

    @Test
    void aVerificationMarkBelongsToTheImageAndTheClassOfCheckThatMadeIt() {
        PageCache cache = new PageCache(2);
        byte[] first = image(1);
        MarkingCheck check = new MarkingCheck();
        cache.put(7, PageCache.HOME, first);
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, first, check), "a new entry");
        cache.markVerified(7, PageCache.HOME, first, check, 42);
        assertEquals(42, cache.verifiedReferences(7, PageCache.HOME, first, new MarkingCheck()), "any instance of the class");
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, first, new OtherCheck()),
                "another class of check");
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, image(1), check),
                "an equal but different array");
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.walVersion(1, 0), first, check),
                "another version");

        byte[] second = image(2);
        cache.put(7, PageCache.HOME, second); // a checkpoint replacing the home copy
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, second, check), "replaced");
        cache.markVerified(7, PageCache.HOME, first, check, 42);
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, second, check),
                "a mark for an image the entry no longer holds is not taken");

        cache.markVerified(7, PageCache.HOME, second, check, 5);
        assertTrue(cache.removeIfSame(7, PageCache.HOME, second));
        cache.put(7, PageCache.HOME, second);
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, second, check),
                "removed and put again: a new entry");
        cache.markVerified(7, PageCache.HOME, second, check, 5);
        cache.put(8, PageCache.HOME, image(8));
        cache.put(9, PageCache.HOME, image(9)); // evicts page 7
        cache.put(7, PageCache.HOME, second);
        assertEquals(PageCache.UNVERIFIED, cache.verifiedReferences(7, PageCache.HOME, second, check), "evicted");
    }
}
