package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeafNodeTest {
    private MemoryPages pages;

    @BeforeEach
    void tenPages() {
        pages = new MemoryPages();
        for (int i = 0; i < 10; i++) {
            pages.allocate();
        }
    }

    static byte[] bytes(int length, int seed) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) (seed * 31 + i * 7);
        }
        return value;
    }

    static byte[] emptyLeaf() {
        byte[] page = new byte[Page.SIZE];
        LeafNode.init(page);
        return page;
    }

    @Test
    void headerAndCellOffsetsArePinned() throws Exception {
        assertEquals(0, LeafNode.OFFSET_TYPE);
        assertEquals(1, LeafNode.OFFSET_RESERVED);
        assertEquals(2, LeafNode.OFFSET_CELL_COUNT);
        assertEquals(4, LeafNode.OFFSET_CONTENT_START);
        assertEquals(6, LeafNode.OFFSET_FRAGMENTED);
        assertEquals(8, LeafNode.OFFSET_SLOTS);
        assertEquals(0, LeafNode.OFFSET_CELL_KEY);
        assertEquals(8, LeafNode.OFFSET_CELL_KIND);
        assertEquals(9, LeafNode.OFFSET_CELL_VALUE_LENGTH);
        assertEquals(11, LeafNode.OFFSET_CELL_VALUE);
        assertEquals(9, LeafNode.OFFSET_CELL_TOTAL_LENGTH);
        assertEquals(13, LeafNode.OFFSET_CELL_FIRST_OVERFLOW);
        assertEquals(17, LeafNode.OVERFLOW_CELL_SIZE);

        byte[] page = emptyLeaf();
        LeafNode.insertInline(page, 0, 0x0102030405060708L, new byte[] {9, 8, 7});
        LeafNode.insertOverflow(page, 0, -5, 5000, 7);

        assertEquals(Page.TYPE_LEAF, page[0]);
        assertEquals(0, page[1]);
        assertEquals(2, PageBytes.getU16(page, 2));
        int inlineCell = 4092 - 14;
        int overflowCell = inlineCell - 17;
        assertEquals(overflowCell, PageBytes.getU16(page, 4));
        assertEquals(0, PageBytes.getU16(page, 6));
        assertEquals(overflowCell, PageBytes.getU16(page, 8), "slot 0 holds the lower key, -5");
        assertEquals(inlineCell, PageBytes.getU16(page, 10));

        assertEquals(0x0102030405060708L, PageBytes.getLong(page, inlineCell));
        assertEquals(LeafNode.KIND_INLINE, page[inlineCell + 8]);
        assertEquals(3, PageBytes.getU16(page, inlineCell + 9));
        assertArrayEquals(new byte[] {9, 8, 7}, Arrays.copyOfRange(page, inlineCell + 11, inlineCell + 14));

        assertEquals(-5L, PageBytes.getLong(page, overflowCell));
        assertEquals(LeafNode.KIND_OVERFLOW, page[overflowCell + 8]);
        assertEquals(5000, PageBytes.getInt(page, overflowCell + 9));
        assertEquals(7, PageBytes.getInt(page, overflowCell + 13));

        LeafNode.validate(page, 1, pages);
        assertEquals(-5L, LeafNode.key(page, 0));
        assertTrue(LeafNode.isOverflow(page, 0));
        assertEquals(5000, LeafNode.valueLength(page, 0));
        assertEquals(7, LeafNode.overflowPage(page, 0));
        assertArrayEquals(new byte[] {9, 8, 7}, LeafNode.inlineValue(page, 1));
        assertEquals(8 + 4 + 14 + 17, LeafNode.usedBytes(page));
    }

    @Test
    void threeMaximalInlineCellsFitAPageAndAFourthDoesNot() throws Exception {
        int maximal = LeafNode.cellSizeFor(LeafNode.MAX_INLINE_VALUE);
        assertEquals(LeafNode.INLINE_CELL_HEADER + LeafNode.MAX_INLINE_VALUE, maximal);
        assertEquals(LeafNode.OVERFLOW_CELL_SIZE, LeafNode.cellSizeFor(LeafNode.MAX_INLINE_VALUE + 1));
        byte[] page = emptyLeaf();
        for (int i = 0; i < 3; i++) {
            assertTrue(LeafNode.fits(page, maximal));
            LeafNode.insertInline(page, i, i, bytes(LeafNode.MAX_INLINE_VALUE, i));
        }
        assertFalse(LeafNode.fits(page, maximal));
        LeafNode.validate(page, 1, pages);
    }

    @Test
    void theInsertThatJustFitsAndTheOneThatDoesNot() throws Exception {
        byte[] page = emptyLeaf();
        for (int i = 0; i < 4; i++) {
            LeafNode.insertInline(page, i, i * 10, bytes(1000, i)); // 1011-byte cells, 1013 with the slot
        }
        assertEquals(LeafNode.CONTENT_CAPACITY - 4 * 1013, LeafNode.freeBytes(page));
        assertEquals(32, LeafNode.freeBytes(page));
        assertTrue(LeafNode.fits(page, 30));
        assertFalse(LeafNode.fits(page, 31));
        LeafNode.insertInline(page, 4, 100, bytes(19, 9));
        assertEquals(0, LeafNode.freeBytes(page));
        assertEquals(Page.USABLE_SIZE, LeafNode.usedBytes(page));
        LeafNode.validate(page, 1, pages);
        assertThrows(IllegalStateException.class, () -> LeafNode.insertInline(page, 0, -1, new byte[0]));
    }

    @Test
    void findReportsPositionOrInsertionPoint() {
        byte[] page = emptyLeaf();
        LeafNode.insertInline(page, 0, 10, new byte[0]);
        LeafNode.insertInline(page, 1, 20, new byte[0]);
        assertEquals(0, LeafNode.find(page, 10));
        assertEquals(1, LeafNode.find(page, 20));
        assertEquals(-1, LeafNode.find(page, Long.MIN_VALUE));
        assertEquals(-2, LeafNode.find(page, 15));
        assertEquals(-3, LeafNode.find(page, Long.MAX_VALUE));
        assertEquals(1, LeafNode.lowerBound(page, 11));
        assertEquals(2, LeafNode.lowerBound(page, 21));
        assertEquals(-1, LeafNode.find(emptyLeaf(), 0));
    }

    @Test
    void randomInsertsAndRemovesMatchASortedMap() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] page = emptyLeaf();
            TreeMap<Long, byte[]> model = new TreeMap<>();
            for (int step = 0; step < 400; step++) {
                long key = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(60) - 30;
                int index = LeafNode.find(page, key);
                if (index >= 0 && random.nextBoolean()) {
                    LeafNode.remove(page, index);
                    model.remove(key);
                } else if (index < 0) {
                    byte[] value = bytes(random.nextInt(random.nextBoolean() ? 20 : 300), step);
                    if (LeafNode.fits(page, LeafNode.cellSizeFor(value.length))) {
                        LeafNode.insertInline(page, -index - 1, key, value);
                        model.put(key, value);
                    }
                }
                LeafNode.validate(page, 1, pages);
            }
            assertEquals(model.size(), LeafNode.cellCount(page));
            int i = 0;
            for (var entry : model.entrySet()) {
                assertEquals(entry.getKey(), LeafNode.key(page, i));
                assertArrayEquals(entry.getValue(), LeafNode.inlineValue(page, i));
                i++;
            }
        }
    }

    @Test
    void removingLeavesHolesThatCompactionRecovers() throws Exception {
        byte[] page = emptyLeaf();
        for (int i = 0; i < 20; i++) {
            LeafNode.insertInline(page, i, i, bytes(180, i)); // 191-byte cells
        }
        int gap = LeafNode.contentStart(page) - (LeafNode.OFFSET_SLOTS + 2 * 20);
        for (int i = 18; i >= 0; i -= 2) {
            LeafNode.remove(page, i); // keys 0, 2, .., 18 go; their cells are not at the content start
        }
        assertEquals(10 * 191, LeafNode.fragmentedBytes(page));
        LeafNode.validate(page, 1, pages);
        int big = LeafNode.cellSizeFor(1000);
        assertTrue(gap + 20 < big, "the gap alone is too small");
        assertTrue(LeafNode.fits(page, big), "but the holes make room");
        LeafNode.insertInline(page, 0, -1, bytes(1000, 99));
        assertEquals(0, LeafNode.fragmentedBytes(page), "the insert compacted the page");
        LeafNode.validate(page, 1, pages);
        assertArrayEquals(bytes(1000, 99), LeafNode.inlineValue(page, 0));
        for (int i = 1; i <= 10; i++) {
            assertEquals(2L * i - 1, LeafNode.key(page, i));
            assertArrayEquals(bytes(180, 2 * i - 1), LeafNode.inlineValue(page, i));
        }
    }

    @Test
    void removingTheLowestCellGrowsTheGapInsteadOfAHole() throws Exception {
        byte[] page = emptyLeaf();
        LeafNode.insertInline(page, 0, 1, bytes(10, 1));
        LeafNode.insertInline(page, 1, 2, bytes(10, 2)); // written last: lowest offset
        int start = LeafNode.contentStart(page);
        LeafNode.remove(page, 1);
        assertEquals(start + 21, LeafNode.contentStart(page));
        assertEquals(0, LeafNode.fragmentedBytes(page));
        LeafNode.validate(page, 1, pages);
        LeafNode.remove(page, 0);
        assertEquals(Page.USABLE_SIZE, LeafNode.contentStart(page));
        LeafNode.validate(page, 1, pages);
    }

    @Test
    void sameSizedValuesAreOverwrittenInPlace() {
        byte[] page = emptyLeaf();
        LeafNode.insertInline(page, 0, 5, bytes(40, 1));
        int offset = LeafNode.cellOffset(page, 0);
        LeafNode.overwriteInlineValue(page, 0, bytes(40, 2));
        assertEquals(offset, LeafNode.cellOffset(page, 0));
        assertArrayEquals(bytes(40, 2), LeafNode.inlineValue(page, 0));
        assertThrows(IllegalArgumentException.class, () -> LeafNode.overwriteInlineValue(page, 0, bytes(41, 2)));
    }

    @Test
    void splitPointBalancesBytesAndAppendingSplitsOffTheNewCell() {
        byte[] page = emptyLeaf();
        for (int i = 0; i < 4; i++) {
            LeafNode.insertInline(page, i, i, bytes(1000, i));
        }
        int newCell = LeafNode.cellSizeFor(1000);
        assertEquals(2, LeafNode.splitPoint(page, 4, newCell, false), "five equal cells: 2 left, 3 right or 3 and 2");
        assertEquals(4, LeafNode.splitPoint(page, 4, newCell, true), "appending: the new cell alone on the right");
        assertEquals(2, LeafNode.splitPoint(page, 0, newCell, true), "appending only applies at the end");
        byte[] small = emptyLeaf();
        for (int i = 0; i < 100; i++) {
            LeafNode.insertInline(small, i, i, bytes(25, i));
        }
        int split = LeafNode.splitPoint(small, 50, 38, false);
        assertTrue(split >= 50 && split <= 51, "split " + split);
    }

    @Test
    void moveTailAndAppendAllKeepOrderAndValues() throws Exception {
        byte[] left = emptyLeaf();
        for (int i = 0; i < 10; i++) {
            LeafNode.insertInline(left, i, i, bytes(100, i));
        }
        byte[] right = emptyLeaf();
        LeafNode.moveTail(left, 6, right);
        assertEquals(6, LeafNode.cellCount(left));
        assertEquals(4, LeafNode.cellCount(right));
        assertEquals(0, LeafNode.fragmentedBytes(left));
        LeafNode.validate(left, 1, pages);
        LeafNode.validate(right, 2, pages);
        assertEquals(6L, LeafNode.key(right, 0));
        assertArrayEquals(bytes(100, 9), LeafNode.inlineValue(right, 3));
        LeafNode.appendAll(right, left);
        LeafNode.validate(left, 1, pages);
        for (int i = 0; i < 10; i++) {
            assertEquals(i, LeafNode.key(left, i));
            assertArrayEquals(bytes(100, i), LeafNode.inlineValue(left, i));
        }
    }

    /** A page with an inline cell (key 10), an overflow cell (key 20) and a hole. */
    static byte[] sample() {
        byte[] page = emptyLeaf();
        LeafNode.insertInline(page, 0, 10, bytes(30, 1));
        LeafNode.insertInline(page, 1, 15, bytes(5, 2));
        LeafNode.insertOverflow(page, 2, 20, 2000, 3);
        LeafNode.insertInline(page, 3, 30, bytes(12, 3));
        LeafNode.remove(page, 1);
        return page;
    }

    static Stream<Arguments> damage() {
        int inline = LeafNode.cellOffset(sample(), 0);
        int overflow = LeafNode.cellOffset(sample(), 1);
        int last = LeafNode.cellOffset(sample(), 2);
        List<Arguments> cases = new ArrayList<>();
        cases.add(named("interior type byte", p -> p[0] = Page.TYPE_INTERIOR));
        cases.add(named("overflow type byte", p -> p[0] = Page.TYPE_OVERFLOW));
        cases.add(named("zero type byte", p -> p[0] = 0));
        cases.add(named("reserved byte set", p -> p[1] = 1));
        cases.add(named("cell count above the maximum", p -> PageBytes.putU16(p, 2, LeafNode.MAX_CELLS + 1)));
        cases.add(named("cell count 0xFFFF", p -> PageBytes.putU16(p, 2, 0xFFFF)));
        cases.add(named("cell count one too many", p -> PageBytes.putU16(p, 2, 4)));
        cases.add(named("cell count one too few", p -> PageBytes.putU16(p, 2, 2)));
        cases.add(named("content start past the page", p -> PageBytes.putU16(p, 4, Page.USABLE_SIZE + 1)));
        cases.add(named("content start inside the slots", p -> PageBytes.putU16(p, 4, 10)));
        cases.add(named("content start later than a cell", p -> PageBytes.putU16(p, 4, LeafNode.contentStart(p) + 1)));
        cases.add(named("slot below the content", p -> PageBytes.putU16(p, 8, 100)));
        cases.add(named("slot at the page end", p -> PageBytes.putU16(p, 8, Page.USABLE_SIZE - 5)));
        cases.add(named("slot 0xFFFF", p -> PageBytes.putU16(p, 10, 0xFFFF)));
        cases.add(named("inline length runs past the page", p -> PageBytes.putU16(p, inline + 9, 1000)));
        cases.add(named("inline length above the threshold", p -> PageBytes.putU16(p, last + 9, 1025)));
        cases.add(named("unknown kind", p -> p[inline + 8] = 2));
        cases.add(named("negative kind", p -> p[overflow + 8] = -1));
        cases.add(named("overflow value short enough to be inline", p -> PageBytes.putInt(p, overflow + 9, 1024)));
        cases.add(named("overflow length negative", p -> PageBytes.putInt(p, overflow + 9, -5)));
        cases.add(named("overflow page 0", p -> PageBytes.putInt(p, overflow + 13, 0)));
        cases.add(named("overflow page past the file", p -> PageBytes.putInt(p, overflow + 13, 11)));
        cases.add(named("overflow page negative", p -> PageBytes.putInt(p, overflow + 13, -1)));
        cases.add(named("keys out of order", p -> {
            int a = PageBytes.getU16(p, 8);
            PageBytes.putU16(p, 8, PageBytes.getU16(p, 10));
            PageBytes.putU16(p, 10, a);
        }));
        cases.add(named("duplicate key", p -> PageBytes.putLong(p, overflow, 10)));
        cases.add(named("two slots on one cell", p -> PageBytes.putU16(p, 12, PageBytes.getU16(p, 10))));
        cases.add(named("cell overlapping another with keys in order", p -> {
            // Cell 2 moved onto the tail of cell 0's value; fix the key so order still holds.
            int moved = inline + 20;
            PageBytes.putU16(p, 12, moved);
            PageBytes.putLong(p, moved, 30);
            p[moved + 8] = LeafNode.KIND_INLINE;
            PageBytes.putU16(p, moved + 9, 0);
        }));
        cases.add(named("fragmented count too high", p -> PageBytes.putU16(p, 6, LeafNode.fragmentedBytes(p) + 1)));
        cases.add(named("fragmented count too low", p -> PageBytes.putU16(p, 6, LeafNode.fragmentedBytes(p) - 1)));
        return cases.stream();
    }

    private static Arguments named(String name, Consumer<byte[]> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void validateRejectsDamage(String name, Consumer<byte[]> change) throws Exception {
        byte[] page = sample();
        LeafNode.validate(page, 1, pages);
        change.accept(page);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> LeafNode.validate(page, 1, pages));
        assertEquals(1, e.page());
        assertTrue(e.getMessage().startsWith("corrupt database: memory.db page 1: "), e.getMessage());
    }

    @Test
    void validateAcceptsEmptyAndFullPages() {
        assertDoesNotThrow(() -> LeafNode.validate(emptyLeaf(), 1, pages));
        byte[] full = emptyLeaf();
        for (int i = 0; i < LeafNode.MAX_CELLS; i++) {
            LeafNode.insertInline(full, i, i, new byte[0]);
        }
        assertEquals(314, LeafNode.MAX_CELLS);
        assertFalse(LeafNode.fits(full, LeafNode.cellSizeFor(0)));
        assertDoesNotThrow(() -> LeafNode.validate(full, 1, pages));
    }
}
