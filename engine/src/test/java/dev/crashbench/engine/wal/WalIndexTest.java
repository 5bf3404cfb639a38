package dev.crashbench.engine.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link WalIndex}: the newest frame of a page below a snapshot's limit. */
class WalIndexTest {

    private static WalIndex indexOf(int... pageOfFrame) {
        WalIndex index = new WalIndex();
        for (int frame = 0; frame < pageOfFrame.length; frame++) {
            index.add(pageOfFrame[frame], frame);
        }
        return index;
    }

    private static Set<Integer> pagesBelow(WalIndex index, int limit) {
        Set<Integer> pages = new TreeSet<>();
        index.forEachPage(limit, pages::add);
        return pages;
    }

    @Test
    void newestFrameBelowTheLimit() {
        WalIndex index = indexOf(1, 2, 1, 3, 1, 2);
        assertEquals(-1, index.newest(1, 0), "a snapshot of no frames sees none");
        assertEquals(0, index.newest(1, 1));
        assertEquals(0, index.newest(1, 2));
        assertEquals(2, index.newest(1, 3));
        assertEquals(2, index.newest(1, 4));
        assertEquals(4, index.newest(1, 5));
        assertEquals(4, index.newest(1, 6));
        assertEquals(4, index.newest(1, Integer.MAX_VALUE));
        assertEquals(-1, index.newest(3, 3));
        assertEquals(3, index.newest(3, 4));
        assertEquals(5, index.newest(2, 6));
        assertEquals(1, index.newest(2, 5));
        assertEquals(-1, index.newest(9, 6), "a page with no frame");
        assertEquals(6, index.frameCount());
    }

    @Test
    void forEachPageVisitsPagesWithAFrameBelowTheLimitOnce() {
        WalIndex index = indexOf(4, 2, 4, 7, 2);
        assertEquals(Set.of(), pagesBelow(index, 0));
        assertEquals(Set.of(4), pagesBelow(index, 1));
        assertEquals(Set.of(2, 4), pagesBelow(index, 3));
        assertEquals(Set.of(2, 4, 7), pagesBelow(index, 5));
        List<Integer> visits = new ArrayList<>();
        index.forEachPage(5, visits::add);
        assertEquals(3, visits.size(), "each page once, however many frames it has");
    }

    @Test
    void clearForgetsEverythingAndCountsFromZeroAgain() {
        WalIndex index = indexOf(1, 2, 3);
        index.clear();
        assertEquals(0, index.frameCount());
        assertEquals(-1, index.newest(1, Integer.MAX_VALUE));
        assertEquals(Set.of(), pagesBelow(index, Integer.MAX_VALUE));
        index.add(5, 0);
        assertEquals(0, index.newest(5, 1));
        assertEquals(-1, index.newest(2, Integer.MAX_VALUE));
    }

    @Test
    void framesMustArriveInOrder() {
        WalIndex index = indexOf(1, 2);
        assertThrows(IllegalStateException.class, () -> index.add(3, 3), "a gap");
        assertThrows(IllegalStateException.class, () -> index.add(3, 1), "a repeat");
        index.add(3, 2);
        assertEquals(3, index.frameCount());
    }

    /** Against the obvious model: scan the frames backwards from the limit. */
    @Property(tries = 100)
    void agreesWithALinearScan(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 12) Integer> pageOfFrame,
                               @ForAll @IntRange(min = 0, max = 310) int limit) {
        WalIndex index = new WalIndex();
        for (int frame = 0; frame < pageOfFrame.size(); frame++) {
            index.add(pageOfFrame.get(frame), frame);
        }
        Set<Integer> expectedPages = new TreeSet<>();
        for (int page = 0; page <= 13; page++) {
            int expected = -1;
            for (int frame = Math.min(limit, pageOfFrame.size()) - 1; frame >= 0; frame--) {
                if (pageOfFrame.get(frame) == page) {
                    expected = frame;
                    break;
                }
            }
            assertEquals(expected, index.newest(page, limit), "page " + page + " below " + limit);
            if (expected >= 0) {
                expectedPages.add(page);
            }
        }
        assertEquals(expectedPages, pagesBelow(index, limit));
    }
}
