package dev.crashbench.engine.btree;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.record.OverflowChain;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BTreeTest {
    private static final int CAPACITY = OverflowChain.CAPACITY;
    private final MemoryPages pages = new MemoryPages();

    static byte[] value(long key, int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) (key * 131 + i * 7 + (i >>> 10));
        }
        return value;
    }

    private BTree newTree() throws Exception {
        return new BTree(pages, BTree.create(pages));
    }

    /** Checks the tree with verify (free pages claimed as the database would) and its full scan against the model. */
    static void assertTree(MemoryPages pages, BTree tree, TreeMap<Long, byte[]> model) throws Exception {
        PageOwners owners = pages.owners();
        tree.verify(owners, "t");
        assertEquals(List.of(), owners.finish());
        assertEquals(model.size(), tree.count());
        Cursor cursor = tree.cursor();
        for (Map.Entry<Long, byte[]> entry : model.entrySet()) {
            assertTrue(cursor.next(), "missing key " + entry.getKey());
            assertEquals(entry.getKey(), cursor.key());
            assertArrayEquals(entry.getValue(), cursor.value(), "value of " + entry.getKey());
        }
        assertFalse(cursor.next());
    }

    private byte[] root(BTree tree) throws Exception {
        return pages.read(tree.rootPageId());
    }

    @Test
    void anEmptyTreeIsOneEmptyLeaf() throws Exception {
        BTree tree = newTree();
        assertEquals(1, pages.livePages());
        assertEquals(Page.TYPE_LEAF, root(tree)[0]);
        assertNull(tree.get(0));
        assertFalse(tree.delete(0));
        assertEquals(0, tree.count());
        assertFalse(tree.cursor().next());
        assertTree(pages, tree, new TreeMap<>());
        pages.commit();
    }

    @Test
    void putGetReplaceDelete() throws Exception {
        BTree tree = newTree();
        tree.put(5, value(5, 10));
        tree.put(-5, new byte[0]);
        assertArrayEquals(value(5, 10), tree.get(5));
        assertArrayEquals(new byte[0], tree.get(-5), "an empty value is not an absent one");
        assertNull(tree.get(6));
        tree.put(5, value(6, 20));
        assertArrayEquals(value(6, 20), tree.get(5));
        assertTrue(tree.delete(5));
        assertFalse(tree.delete(5));
        assertNull(tree.get(5));
        assertEquals(1, tree.count());
        pages.commit();
    }

    @Test
    void extremeKeysSortSigned() throws Exception {
        BTree tree = newTree();
        long[] keys = {Long.MAX_VALUE, 0, -1, Long.MIN_VALUE, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (long key : keys) {
            tree.put(key, value(key, 3));
            model.put(key, value(key, 3));
        }
        assertTree(pages, tree, model);
        assertEquals(List.of(Long.MAX_VALUE), keys(tree.cursor(Long.MAX_VALUE, Long.MAX_VALUE)));
        assertEquals(List.of(Long.MIN_VALUE), keys(tree.cursor(Long.MIN_VALUE, Long.MIN_VALUE)));
        assertEquals(List.of(-1L, 0L, 1L), keys(tree.cursor(-1, 1)));
        assertEquals(List.of(Long.MAX_VALUE - 1, Long.MAX_VALUE), keys(tree.cursor(2, Long.MAX_VALUE)));
        assertEquals(List.of(), keys(tree.cursor(1, 0)));
        assertEquals(List.of(), keys(tree.cursor(Long.MAX_VALUE, Long.MIN_VALUE)));
        assertEquals(List.of(), keys(tree.cursor(2, 100)));
    }

    static List<Long> keys(Cursor cursor) throws Exception {
        List<Long> keys = new ArrayList<>();
        while (cursor.next()) {
            keys.add(cursor.key());
        }
        assertFalse(cursor.next(), "a finished cursor stays finished");
        return keys;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, LeafNode.MAX_INLINE_VALUE, LeafNode.MAX_INLINE_VALUE + 1, CAPACITY, CAPACITY + 1,
            2 * CAPACITY, 2 * CAPACITY + 1, 16 * 1024 * 1024 + 1})
    void valuesOfEverySizeRoundTripAndLeaveNoPagesBehind(int length) throws Exception {
        BTree tree = newTree();
        tree.put(1, value(1, length));
        int overflowPages = length > LeafNode.MAX_INLINE_VALUE ? OverflowChain.pagesFor(length) : 0;
        assertEquals(1 + overflowPages, pages.livePages());
        pages.commit();
        assertArrayEquals(value(1, length), tree.get(1));
        Cursor cursor = tree.cursor();
        assertTrue(cursor.next());
        assertArrayEquals(value(1, length), cursor.value());
        assertTree(pages, tree, new TreeMap<>(Map.of(1L, value(1, length))));
        tree.put(1, value(2, 7));
        assertEquals(1, pages.livePages(), "replacing frees the old chain");
        tree.put(1, value(3, length));
        assertTrue(tree.delete(1));
        assertEquals(1, pages.livePages());
        pages.commit();
    }

    @Test
    void replacingAnOverflowValueFreesItsChain() throws Exception {
        BTree tree = newTree();
        tree.put(1, value(1, 10_000));
        assertEquals(1 + 3, pages.livePages());
        tree.put(1, value(2, 5_000));
        assertEquals(1 + 2, pages.livePages());
        assertArrayEquals(value(2, 5_000), tree.get(1));
        tree.put(1, value(3, 10));
        assertEquals(1, pages.livePages());
        assertArrayEquals(value(3, 10), tree.get(1));
        pages.commit();
    }

    /** Four cells of 1019 bytes plus slots fill a leaf's 4084 content bytes exactly. */
    private static final int QUARTER_VALUE = (LeafNode.CONTENT_CAPACITY / 4) - LeafNode.SLOT_SIZE - LeafNode.INLINE_CELL_HEADER;

    @Test
    void theInsertThatJustFitsKeepsOnePageAndTheNextSplitsTheRoot() throws Exception {
        BTree tree = newTree();
        int rootId = tree.rootPageId();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (long key = 0; key < 4; key++) {
            tree.put(key * 10, value(key, QUARTER_VALUE));
            model.put(key * 10, value(key, QUARTER_VALUE));
        }
        assertEquals(0, LeafNode.freeBytes(root(tree)), "the root leaf is exactly full");
        assertEquals(1, pages.livePages());
        pages.commit();

        tree.put(15, new byte[0]);
        model.put(15L, new byte[0]);
        assertEquals(rootId, tree.rootPageId());
        assertEquals(Page.TYPE_INTERIOR, root(tree)[0], "the root became an interior node in place");
        assertEquals(1, InteriorNode.keyCount(root(tree)));
        assertEquals(3, pages.livePages());
        assertTree(pages, tree, model);
        pages.commit();
    }

    @Test
    void aSameSizedReplaceInAFullLeafDoesNotSplitButALargerOneDoes() throws Exception {
        BTree tree = newTree();
        for (long key = 0; key < 4; key++) {
            tree.put(key, value(key, QUARTER_VALUE));
        }
        tree.put(2, value(99, QUARTER_VALUE));
        assertEquals(1, pages.livePages());
        tree.put(2, value(99, QUARTER_VALUE - 1));
        assertEquals(1, pages.livePages());
        tree.put(2, value(98, QUARTER_VALUE));
        assertEquals(1, pages.livePages(), "the hole the smaller value left is reused");
        tree.put(2, value(97, QUARTER_VALUE + 1));
        assertEquals(3, pages.livePages());
        assertArrayEquals(value(97, QUARTER_VALUE + 1), tree.get(2));
    }

    @Test
    void ascendingInsertsFillLeavesAndDescendingOnesStillWork() throws Exception {
        for (boolean ascending : new boolean[] {true, false}) {
            MemoryPages local = new MemoryPages();
            BTree tree = new BTree(local, BTree.create(local));
            TreeMap<Long, byte[]> model = new TreeMap<>();
            for (int i = 0; i < 3000; i++) {
                long key = ascending ? i : -i;
                tree.put(key, value(key, 100));
                model.put(key, value(key, 100));
            }
            assertTree(local, tree, model);
            if (ascending) {
                // 3000 cells of 113 bytes with their slots: 36 fit a leaf, and appending leaves every
                // leaf but the last full: 84 leaves under the root.
                assertEquals(84 + 1, local.livePages());
            }
        }
    }

    @Test
    void aLeafAtAQuarterDoesNotMergeButOneByteLessDoes() throws Exception {
        // used bytes of a leaf holding one cell with a value of v bytes: 8 + 2 + 11 + v
        assertEquals(1023, BTree.UNDERFULL_BYTES);
        for (int firstValue : new int[] {1002, 1001}) {
            MemoryPages local = new MemoryPages();
            BTree tree = new BTree(local, BTree.create(local));
            tree.put(1, value(1, firstValue));
            for (long key = 2; key <= 4; key++) {
                tree.put(key, value(key, 1008));
            }
            tree.put(5, value(5, 10)); // no room: the rightmost leaf splits off the new cell
            assertEquals(3, local.livePages());
            assertTrue(tree.delete(4));
            assertTrue(tree.delete(3));
            assertEquals(3, local.livePages());
            assertTrue(tree.delete(2));
            byte[] root = local.read(tree.rootPageId());
            if (firstValue == 1002) {
                assertEquals(3, local.livePages(), "1023 bytes used: not underfull");
                assertEquals(Page.TYPE_INTERIOR, root[0]);
                assertEquals(1023, LeafNode.usedBytes(local.read(InteriorNode.child(root, 0))));
            } else {
                assertEquals(1, local.livePages(), "1022 bytes used: merged, and the root collapsed");
                assertEquals(Page.TYPE_LEAF, root[0]);
                assertEquals(2, LeafNode.cellCount(root));
            }
            TreeMap<Long, byte[]> model = new TreeMap<>();
            model.put(1L, value(1, firstValue));
            model.put(5L, value(5, 10));
            assertTree(local, tree, model);
        }
    }

    @Test
    void anUnderfullLeafThatCannotMergeStays() throws Exception {
        BTree tree = newTree();
        tree.put(1, value(1, 1001));
        for (long key = 2; key <= 4; key++) {
            tree.put(key, value(key, 1008));
        }
        for (long key = 5; key <= 8; key++) {
            tree.put(key, value(key, 1008)); // the right leaf fills exactly
        }
        assertEquals(3, pages.livePages());
        for (long key = 4; key >= 2; key--) {
            tree.delete(key);
        }
        assertEquals(3, pages.livePages(), "1022 + 4092 bytes do not fit one page");
        TreeMap<Long, byte[]> model = new TreeMap<>();
        model.put(1L, value(1, 1001));
        for (long key = 5; key <= 8; key++) {
            model.put(key, value(key, 1008));
        }
        assertTree(pages, tree, model);
    }

    @Test
    void anEmptiedLeafIsUnlinkedAndFreed() throws Exception {
        BTree tree = newTree();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (long key : new long[] {1, 2, 3, 4, 10, 20, 21, 23}) {
            int length = key == 10 ? 1024 : 1008;
            tree.put(key, value(key, length));
            model.put(key, value(key, length));
        }
        // leaves: {1..4} full, {10, 20, 21}, {23}
        assertEquals(4, pages.livePages());
        assertEquals(2, InteriorNode.keyCount(root(tree)));
        tree.delete(20);
        tree.delete(21);
        model.remove(20L);
        model.remove(21L);
        assertEquals(4, pages.livePages(), "one maximal cell is more than a quarter");
        tree.delete(10);
        model.remove(10L);
        assertEquals(3, pages.livePages());
        assertEquals(1, InteriorNode.keyCount(root(tree)));
        assertTree(pages, tree, model);
    }

    @Test
    void interiorSplitRedistributionMergeAndCollapseKeepTheRootId() throws Exception {
        BTree tree = newTree();
        int rootId = tree.rootPageId();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        // Maximal inline values: three per leaf, and appending gives every leaf exactly three.
        for (long key = 0; key < 1536; key++) {
            tree.put(key, value(key, LeafNode.MAX_INLINE_VALUE));
            model.put(key, value(key, LeafNode.MAX_INLINE_VALUE));
        }
        pages.commit();
        byte[] root = root(tree);
        assertEquals(Page.TYPE_INTERIOR, root[0]);
        assertEquals(1, InteriorNode.keyCount(root), "the root split once");
        byte[] left = pages.read(InteriorNode.child(root, 0));
        byte[] right = pages.read(InteriorNode.child(root, 1));
        assertEquals(170, InteriorNode.keyCount(left), "the full root split in the middle");
        assertEquals(InteriorNode.MAX_KEYS, InteriorNode.keyCount(right), "then the right half filled up");
        assertEquals(1 + 2 + 512, pages.livePages());
        assertTree(pages, tree, model);

        // Empty the left subtree leaf by leaf: when its last separator goes it cannot merge with the
        // full right node (0 + 1 + 340 > 340 keys), so it takes half of its entries.
        for (long key = 0; key < 510; key++) {
            assertTrue(tree.delete(key));
            model.remove(key);
        }
        root = root(tree);
        assertEquals(rootId, tree.rootPageId());
        left = pages.read(InteriorNode.child(root, 0));
        right = pages.read(InteriorNode.child(root, 1));
        assertEquals(170, InteriorNode.keyCount(left));
        assertEquals(170, InteriorNode.keyCount(right));
        assertTree(pages, tree, model);
        pages.commit();

        List<Long> rest = new ArrayList<>(model.keySet());
        Collections.shuffle(rest, new Random(7));
        int deleted = 0;
        for (long key : rest) {
            assertTrue(tree.delete(key));
            model.remove(key);
            if (++deleted % 200 == 0) {
                assertTree(pages, tree, model);
            }
        }
        assertEquals(rootId, tree.rootPageId());
        assertEquals(1, pages.livePages());
        assertEquals(Page.TYPE_LEAF, root(tree)[0]);
        assertEquals(0, LeafNode.cellCount(root(tree)));
        pages.commit();
    }

    @Test
    void aLastInteriorChildLeftWithOneChildBorrowsFromAFullLeftSibling() throws Exception {
        BTree tree = newTree();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (long key = 0; key < 1536; key++) {
            tree.put(key, value(key, LeafNode.MAX_INLINE_VALUE));
            model.put(key, value(key, LeafNode.MAX_INLINE_VALUE));
        }
        // Descending keys below everything split the leftmost leaf again and again, filling the left node.
        for (long key = -1; InteriorNode.keyCount(pages.read(InteriorNode.child(root(tree), 0))) < InteriorNode.MAX_KEYS; key--) {
            tree.put(key, value(key, LeafNode.MAX_INLINE_VALUE));
            model.put(key, value(key, LeafNode.MAX_INLINE_VALUE));
        }
        assertEquals(1, InteriorNode.keyCount(root(tree)));
        long separator = InteriorNode.key(root(tree), 0);
        assertTree(pages, tree, model);
        // Empty the right node from the top until only its first leaf (three keys) is left.
        for (long key = 1535; key >= separator + 3; key--) {
            assertTrue(tree.delete(key));
            model.remove(key);
        }
        byte[] root = root(tree);
        assertEquals(1, InteriorNode.keyCount(root));
        assertEquals(170, InteriorNode.keyCount(pages.read(InteriorNode.child(root, 0))));
        assertEquals(170, InteriorNode.keyCount(pages.read(InteriorNode.child(root, 1))));
        assertTree(pages, tree, model);
    }

    @Test
    void threeLevelsUnderRandomInsertsAndDeletes() throws Exception {
        // Large inline values keep leaves to two or three cells, so a few thousand random keys make
        // interior nodes split at every position and, on the way down, merge with either sibling.
        Random random = new Random(99);
        BTree tree = newTree();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        while (model.size() < 2500) {
            long key = random.nextLong();
            int length = 600 + random.nextInt(LeafNode.MAX_INLINE_VALUE - 600 + 1);
            tree.put(key, value(key, length));
            model.put(key, value(key, length));
        }
        byte[] root = root(tree);
        assertEquals(Page.TYPE_INTERIOR, pages.read(InteriorNode.child(root, 0))[0], "three levels");
        assertTrue(InteriorNode.keyCount(root) >= 2, "the root split more than once");
        assertTree(pages, tree, model);
        pages.commit();
        List<Long> keys = new ArrayList<>(model.keySet());
        Collections.shuffle(keys, random);
        int step = 0;
        for (long key : keys) {
            assertTrue(tree.delete(key));
            model.remove(key);
            if (++step % 250 == 0) {
                assertTree(pages, tree, model);
            }
        }
        assertEquals(1, pages.livePages());
        pages.commit();
    }

    @Test
    void randomWorkloadAgainstASortedMapThenDeleteEverything() throws Exception {
        Random random = new Random(1234);
        BTree tree = newTree();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (int step = 0; step < 20_000; step++) {
            long key = random.nextBoolean() ? random.nextInt(4000) : random.nextLong();
            int choice = random.nextInt(10);
            if (choice < 6) {
                int length = random.nextInt(20) == 0 ? random.nextInt(3 * CAPACITY) : random.nextInt(200);
                tree.put(key, value(key + step, length));
                model.put(key, value(key + step, length));
            } else if (choice < 9) {
                Long existing = model.ceilingKey(key);
                long victim = existing != null && random.nextBoolean() ? existing : key;
                assertEquals(model.remove(victim) != null, tree.delete(victim));
            } else {
                byte[] expected = model.get(key);
                byte[] actual = tree.get(key);
                if (expected == null) {
                    assertNull(actual);
                } else {
                    assertArrayEquals(expected, actual);
                }
            }
            if (step % 1000 == 0) {
                pages.commit();
            }
        }
        assertTree(pages, tree, model);
        for (long key : new ArrayList<>(model.keySet())) {
            assertTrue(tree.delete(key));
        }
        assertEquals(1, pages.livePages());
        assertTree(pages, tree, new TreeMap<>());
        pages.commit();
    }

    @Test
    void cursorsFollowTheModelOnEveryRange() throws Exception {
        BTree tree = newTree();
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (long key = -300; key <= 300; key += 3) {
            tree.put(key, value(key, 60));
            model.put(key, value(key, 60));
        }
        long[] bounds = {Long.MIN_VALUE, -301, -300, -299, -1, 0, 1, 150, 299, 300, 301, Long.MAX_VALUE};
        for (long first : bounds) {
            for (long last : bounds) {
                List<Long> expected = first > last ? List.of()
                        : new ArrayList<>(model.subMap(first, true, last, true).keySet());
                assertEquals(expected, keys(tree.cursor(first, last)), first + ".." + last);
            }
        }
    }

    @Test
    void cursorsFailFastAfterAChangeAndOutsideAKey() throws Exception {
        BTree tree = newTree();
        tree.put(1, value(1, 5));
        tree.put(2, value(2, 5));
        Cursor cursor = tree.cursor();
        assertThrows(NoSuchElementException.class, cursor::key);
        assertTrue(cursor.next());
        tree.put(3, value(3, 5));
        assertThrows(ConcurrentModificationException.class, cursor::next);
        assertThrows(ConcurrentModificationException.class, cursor::value);
        Cursor other = tree.cursor();
        assertTrue(other.next());
        tree.get(1);
        assertTrue(other.next(), "reads do not invalidate a cursor");
        assertEquals(2, other.key());
    }

    @Test
    void dropFreesEveryPageAndRetiresTheTree() throws Exception {
        BTree tree = newTree();
        for (long key = 0; key < 2000; key++) {
            tree.put(key * 7, value(key, key % 50 == 0 ? 9000 : 300));
        }
        pages.commit();
        assertTrue(pages.livePages() > 100);
        tree.drop();
        assertEquals(0, pages.livePages());
        assertThrows(IllegalStateException.class, () -> tree.get(0));
        pages.commit();
    }

    @Test
    void readsNeverWrite() throws Exception {
        BTree tree = newTree();
        for (long key = 0; key < 500; key++) {
            tree.put(key, value(key, key % 100 == 0 ? 5000 : 200));
        }
        pages.commit();
        pages.readOnly(true);
        BTree reader = new BTree(pages, tree.rootPageId());
        assertArrayEquals(value(100, 5000), reader.get(100));
        assertNull(reader.get(-1));
        assertEquals(500, reader.count());
        assertEquals(500, keys(reader.cursor()).size());
        PageOwners owners = pages.owners();
        reader.verify(owners, "t");
        assertEquals(List.of(), owners.finish());
        assertFalse(reader.delete(-1), "deleting an absent key changes nothing");
        pages.readOnly(false);
        pages.commit();
    }

    @Test
    void replacingASmallValueAllocatesNothing() throws Exception {
        BTree tree = newTree();
        for (long key = 0; key < 5000; key++) {
            tree.put(key, value(key, 40));
        }
        byte[] update = value(-1, 40);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 50_000; warm++) {
            tree.put(warm % 5000, update);
            tree.get(warm % 5000);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            tree.put((i * 7919L) % 5000, update);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 100_000, "100k same-sized replaces allocated " + allocated + " bytes");
    }
}
