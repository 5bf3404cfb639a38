package dev.crashbench.engine.record;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.btree.LeafNode;
import dev.crashbench.engine.btree.MemoryPages;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.pager.PageOwners;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverflowChainTest {
    private static final int CAPACITY = OverflowChain.CAPACITY;
    private final MemoryPages pages = new MemoryPages();

    static byte[] bytes(int length, int seed) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) (seed + i * 13 + (i >>> 12));
        }
        return value;
    }

    @Test
    void offsetsArePinned() throws Exception {
        assertEquals(0, OverflowChain.OFFSET_TYPE);
        assertEquals(1, OverflowChain.OFFSET_RESERVED);
        assertEquals(2, OverflowChain.OFFSET_USED);
        assertEquals(4, OverflowChain.OFFSET_NEXT);
        assertEquals(8, OverflowChain.OFFSET_DATA);
        assertEquals(4084, CAPACITY);

        byte[] value = bytes(CAPACITY + 5, 1);
        int first = OverflowChain.write(pages, value);
        byte[] page = pages.read(first);
        assertEquals(Page.TYPE_OVERFLOW, page[0]);
        assertEquals(0, page[1]);
        assertEquals(CAPACITY, PageBytes.getU16(page, 2));
        int second = PageBytes.getInt(page, 4);
        assertArrayEquals(Arrays.copyOf(value, CAPACITY), Arrays.copyOfRange(page, 8, 8 + CAPACITY));
        byte[] last = pages.read(second);
        assertEquals(Page.TYPE_OVERFLOW, last[0]);
        assertEquals(5, PageBytes.getU16(last, 2));
        assertEquals(0, PageBytes.getInt(last, 4));
        assertArrayEquals(Arrays.copyOfRange(value, CAPACITY, CAPACITY + 5), Arrays.copyOfRange(last, 8, 13));
        pages.commit(); // the chain never touches the pager's trailer
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, LeafNode.MAX_INLINE_VALUE, LeafNode.MAX_INLINE_VALUE + 1, CAPACITY - 1, CAPACITY,
            CAPACITY + 1, 2 * CAPACITY, 2 * CAPACITY + 1, 5 * 1024 * 1024 + 3})
    void valuesRoundTripAndFreeEveryPage(int length) throws Exception {
        byte[] value = bytes(length, length);
        int first = OverflowChain.write(pages, value);
        assertEquals(OverflowChain.pagesFor(length), pages.livePages());
        assertEquals(length == 0, first == 0);
        pages.commit();
        assertArrayEquals(value, OverflowChain.read(pages, first, length, 99));
        PageOwners owners = new PageOwners(pages.pageCount());
        OverflowChain.verify(pages, owners, first, length, "value");
        assertEquals(List.of(), owners.finish());
        OverflowChain.free(pages, first, length, 99);
        assertEquals(0, pages.livePages());
    }

    @Test
    void pagesForCountsWholePages() {
        assertEquals(0, OverflowChain.pagesFor(0));
        assertEquals(1, OverflowChain.pagesFor(1));
        assertEquals(1, OverflowChain.pagesFor(CAPACITY));
        assertEquals(2, OverflowChain.pagesFor(CAPACITY + 1));
        assertEquals(4109, OverflowChain.pagesFor(16L * 1024 * 1024), "16 MiB / 4084 = 4108.03");
    }

    /** A three-page chain; returns its page ids. */
    private int[] threePages() throws Exception {
        int first = OverflowChain.write(pages, bytes(2 * CAPACITY + 100, 7));
        int second = PageBytes.getInt(pages.read(first), 4);
        int third = PageBytes.getInt(pages.read(second), 4);
        pages.commit();
        return new int[] {first, second, third};
    }

    private void assertCorrupt(int first, int length) throws Exception {
        assertThrows(CorruptDatabaseException.class, () -> OverflowChain.read(pages, first, length, 99));
        int live = pages.livePages();
        assertThrows(CorruptDatabaseException.class, () -> OverflowChain.free(pages, first, length, 99));
        assertEquals(live, pages.livePages(), "a damaged chain is not half freed");
        PageOwners owners = new PageOwners(pages.pageCount());
        OverflowChain.verify(pages, owners, first, length, "value");
        assertTrue(!owners.problemsSoFar().isEmpty(), "verify must report the damage");
    }

    @Test
    void wrongTypeByteIsCorruption() throws Exception {
        int[] chain = threePages();
        pages.damage(chain[1], 0, Page.TYPE_LEAF);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
    }

    @Test
    void reservedByteIsCorruption() throws Exception {
        int[] chain = threePages();
        pages.damage(chain[2], 1, (byte) 1);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
    }

    @Test
    void aCycleIsCorruption() throws Exception {
        int[] chain = threePages();
        pages.damageInt(chain[2], 4, chain[0]);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
        pages.damageU16(chain[2], 2, CAPACITY);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
        assertCorrupt(chain[0], 10 * CAPACITY);
    }

    @Test
    void aChainShorterThanTheLengthIsCorruption() throws Exception {
        int[] chain = threePages();
        pages.damageInt(chain[1], 4, 0);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
        assertCorrupt(chain[2], 2 * CAPACITY + 100);
    }

    @Test
    void aChainLongerThanTheLengthIsCorruption() throws Exception {
        int[] chain = threePages();
        assertCorrupt(chain[0], 2 * CAPACITY);
        assertCorrupt(chain[0], CAPACITY);
        assertCorrupt(chain[0], 2 * CAPACITY + 99);
        assertCorrupt(chain[0], 2 * CAPACITY + 101);
    }

    @Test
    void aWrongByteCountIsCorruption() throws Exception {
        int[] chain = threePages();
        pages.damageU16(chain[0], 2, CAPACITY - 1);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
        pages.damageU16(chain[0], 2, 0xFFFF);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
    }

    @Test
    void linksOutsideTheFileAreCorruption() throws Exception {
        int[] chain = threePages();
        assertCorrupt(0, 2 * CAPACITY + 100);
        assertCorrupt(pages.pageCount(), 2 * CAPACITY + 100);
        pages.damageInt(chain[0], 4, pages.pageCount());
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
        pages.damageInt(chain[0], 4, -1);
        assertCorrupt(chain[0], 2 * CAPACITY + 100);
    }

    @Test
    void impossibleLengthsAreCorruptionWithoutAllocatingThem() throws Exception {
        int[] chain = threePages();
        assertThrows(CorruptDatabaseException.class, () -> OverflowChain.read(pages, chain[0], -1, 99));
        assertThrows(CorruptDatabaseException.class, () -> OverflowChain.read(pages, chain[0], Integer.MAX_VALUE, 99));
        assertThrows(CorruptDatabaseException.class, () -> OverflowChain.read(pages, chain[0], 0, 99));
        PageOwners owners = new PageOwners(pages.pageCount());
        OverflowChain.verify(pages, owners, chain[0], -1, "value");
        OverflowChain.verify(pages, owners, chain[0], 0, "value");
        assertEquals(2, owners.problemsSoFar().size(), owners.problemsSoFar().toString());
        assertTrue(owners.problemsSoFar().stream().allMatch(IntegrityProblem::isCorruption),
                "a length its own cell cannot have is the cell's format: " + owners.problemsSoFar());
    }

    @Test
    void verifyReportsAPageSharedWithAnotherOwner() throws Exception {
        int[] chain = threePages();
        PageOwners owners = new PageOwners(pages.pageCount());
        owners.claim(chain[2], "someone else");
        OverflowChain.verify(pages, owners, chain[0], 2 * CAPACITY + 100, "value");
        List<IntegrityProblem> problems = owners.problemsSoFar();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(IntegrityProblem.Kind.INCONSISTENCY, problems.get(0).kind());
        assertTrue(problems.get(0).description().contains("claimed by both someone else and value"),
                problems.get(0).description());
    }
}
