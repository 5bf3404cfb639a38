package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteriorNodeTest {
    private MemoryPages pages;

    @BeforeEach
    void manyPages() {
        pages = new MemoryPages();
        for (int i = 0; i < 1000; i++) {
            pages.allocate();
        }
    }

    @Test
    void offsetsArePinned() throws Exception {
        assertEquals(0, InteriorNode.OFFSET_TYPE);
        assertEquals(1, InteriorNode.OFFSET_RESERVED);
        assertEquals(2, InteriorNode.OFFSET_KEY_COUNT);
        assertEquals(4, InteriorNode.OFFSET_CHILD0);
        assertEquals(8, InteriorNode.OFFSET_ENTRIES);
        assertEquals(12, InteriorNode.ENTRY_SIZE);
        assertEquals(0, InteriorNode.OFFSET_ENTRY_KEY);
        assertEquals(8, InteriorNode.OFFSET_ENTRY_CHILD);
        assertEquals(340, InteriorNode.MAX_KEYS);
        assertTrue(8 + 12 * InteriorNode.MAX_KEYS <= Page.USABLE_SIZE);
        assertTrue(8 + 12 * (InteriorNode.MAX_KEYS + 1) > Page.USABLE_SIZE);

        byte[] page = new byte[Page.SIZE];
        InteriorNode.init(page, 11);
        InteriorNode.insert(page, 0, 200, 13);
        InteriorNode.insert(page, 0, -100, 12);
        assertEquals(Page.TYPE_INTERIOR, page[0]);
        assertEquals(0, page[1]);
        assertEquals(2, PageBytes.getU16(page, 2));
        assertEquals(11, PageBytes.getInt(page, 4));
        assertEquals(-100L, PageBytes.getLong(page, 8));
        assertEquals(12, PageBytes.getInt(page, 16));
        assertEquals(200L, PageBytes.getLong(page, 20));
        assertEquals(13, PageBytes.getInt(page, 28));
        InteriorNode.validate(page, 1, pages);
        assertEquals(8 + 24, InteriorNode.usedBytes(page));
    }

    @Test
    void aKeyEqualToASeparatorGoesRight() {
        byte[] page = node(new long[] {10, 20}, new int[] {1, 2, 3});
        assertEquals(0, InteriorNode.childIndex(page, Long.MIN_VALUE));
        assertEquals(0, InteriorNode.childIndex(page, 9));
        assertEquals(1, InteriorNode.childIndex(page, 10));
        assertEquals(1, InteriorNode.childIndex(page, 19));
        assertEquals(2, InteriorNode.childIndex(page, 20));
        assertEquals(2, InteriorNode.childIndex(page, Long.MAX_VALUE));
    }

    @Test
    void removeChildHandsTheRangeToANeighbour() {
        byte[] page = node(new long[] {10, 20, 30}, new int[] {1, 2, 3, 4});
        InteriorNode.removeChild(page, 0);
        assertNode(page, new long[] {20, 30}, new int[] {2, 3, 4});
        InteriorNode.removeChild(page, 2);
        assertNode(page, new long[] {20}, new int[] {2, 3});
        page = node(new long[] {10, 20, 30}, new int[] {1, 2, 3, 4});
        InteriorNode.removeChild(page, 2);
        assertNode(page, new long[] {10, 30}, new int[] {1, 2, 4});
    }

    @Test
    void splitInsertCutsInTheMiddleWhereverTheNewKeyGoes() throws Exception {
        for (int keyIndex = 0; keyIndex <= InteriorNode.MAX_KEYS; keyIndex++) {
            long[] keys = new long[InteriorNode.MAX_KEYS];
            int[] children = new int[InteriorNode.MAX_KEYS + 1];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = 10L * i;
            }
            for (int i = 0; i < children.length; i++) {
                children[i] = i + 1;
            }
            byte[] page = node(keys, children);
            long newKey = 10L * keyIndex - 5;
            int newChild = 999;
            List<Long> allKeys = new ArrayList<>();
            List<Integer> allChildren = new ArrayList<>();
            for (long k : keys) {
                allKeys.add(k);
            }
            for (int c : children) {
                allChildren.add(c);
            }
            allKeys.add(keyIndex, newKey);
            allChildren.add(keyIndex + 1, newChild);

            byte[] right = new byte[Page.SIZE];
            long up = InteriorNode.splitInsert(page, keyIndex, newKey, newChild, right);
            int middle = allKeys.size() / 2;
            assertEquals(allKeys.get(middle), up);
            assertNode(page, toLongs(allKeys.subList(0, middle)), toInts(allChildren.subList(0, middle + 1)));
            assertNode(right, toLongs(allKeys.subList(middle + 1, allKeys.size())),
                    toInts(allChildren.subList(middle + 1, allChildren.size())));
            InteriorNode.validate(page, 1000, pages);
            InteriorNode.validate(right, 1000, pages);
        }
    }

    @Test
    void mergeFromPullsTheSeparatorDown() {
        byte[] left = node(new long[] {10}, new int[] {1, 2});
        byte[] right = node(new long[] {30, 40}, new int[] {3, 4, 5});
        InteriorNode.mergeFrom(left, 20, right);
        assertNode(left, new long[] {10, 20, 30, 40}, new int[] {1, 2, 3, 4, 5});
        byte[] full = node(new long[InteriorNode.MAX_KEYS - 1], new int[InteriorNode.MAX_KEYS]);
        assertThrows(IllegalStateException.class, () -> InteriorNode.mergeFrom(full, 1, node(new long[] {5}, new int[] {1, 2})));
    }

    static Stream<Arguments> damage() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(named("leaf type byte", p -> p[0] = Page.TYPE_LEAF));
        cases.add(named("free type byte", p -> p[0] = Page.TYPE_FREE));
        cases.add(named("reserved byte set", p -> p[1] = 7));
        cases.add(named("no keys", p -> PageBytes.putU16(p, 2, 0)));
        cases.add(named("too many keys", p -> PageBytes.putU16(p, 2, InteriorNode.MAX_KEYS + 1)));
        cases.add(named("0xFFFF keys", p -> PageBytes.putU16(p, 2, 0xFFFF)));
        cases.add(named("one key too many, so a zero child", p -> PageBytes.putU16(p, 2, 4)));
        cases.add(named("child 0 is page 0", p -> PageBytes.putInt(p, 4, 0)));
        cases.add(named("child past the file", p -> PageBytes.putInt(p, 16, 1001)));
        cases.add(named("negative child", p -> PageBytes.putInt(p, 28, -3)));
        cases.add(named("child is the node itself", p -> PageBytes.putInt(p, 40, 5)));
        cases.add(named("keys out of order", p -> PageBytes.putLong(p, 20, 5)));
        cases.add(named("equal keys", p -> PageBytes.putLong(p, 32, 20)));
        return cases.stream();
    }

    private static Arguments named(String name, Consumer<byte[]> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void validateRejectsDamage(String name, Consumer<byte[]> change) throws Exception {
        byte[] page = node(new long[] {10, 20, 30}, new int[] {1, 2, 3, 4});
        InteriorNode.validate(page, 5, pages);
        change.accept(page);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class,
                () -> InteriorNode.validate(page, 5, pages));
        assertEquals(5, e.page());
    }

    static byte[] node(long[] keys, int[] children) {
        byte[] page = new byte[Page.SIZE];
        InteriorNode.init(page, children[0]);
        for (int i = 0; i < keys.length; i++) {
            InteriorNode.append(page, keys[i], children[i + 1]);
        }
        return page;
    }

    static void assertNode(byte[] page, long[] keys, int[] children) {
        assertEquals(keys.length, InteriorNode.keyCount(page));
        for (int i = 0; i < keys.length; i++) {
            assertEquals(keys[i], InteriorNode.key(page, i), "key " + i);
        }
        for (int i = 0; i < children.length; i++) {
            assertEquals(children[i], InteriorNode.child(page, i), "child " + i);
        }
    }

    private static long[] toLongs(List<Long> list) {
        return list.stream().mapToLong(Long::longValue).toArray();
    }

    private static int[] toInts(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
