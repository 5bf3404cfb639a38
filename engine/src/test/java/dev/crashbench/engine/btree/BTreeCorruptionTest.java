package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.record.OverflowChain;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged pages make every operation fail with CorruptDatabaseException, and nothing else. */
class BTreeCorruptionTest {
    private final MemoryPages pages = new MemoryPages();

    /** 300 keys 0, 10, .., 2990 under one interior root; every 30th value overflows. */
    private BTree twoLevels() throws Exception {
        BTree tree = new BTree(pages, BTree.create(pages));
        for (long key = 0; key < 300; key++) {
            tree.put(key * 10, BTreeTest.value(key, key % 30 == 0 ? 6000 : 100));
        }
        pages.commit();
        pages.lenient(true);
        return new BTree(pages, tree.rootPageId());
    }

    private static void assertCorrupt(Executable operation) {
        assertThrows(CorruptDatabaseException.class, operation);
    }

    private static void assertEveryReadFails(BTree tree, long key) {
        assertCorrupt(() -> tree.get(key));
        assertCorrupt(() -> tree.put(key, new byte[3]));
        assertCorrupt(() -> tree.delete(key));
        assertCorrupt(tree::count);
        assertCorrupt(() -> {
            Cursor cursor = tree.cursor();
            while (cursor.next()) {
                cursor.value();
            }
        });
    }

    private int leafHolding(BTree tree, long key) {
        for (int leaf : BTreeVerifyTest.leaves(pages, tree.rootPageId())) {
            if (LeafNode.find(pages.read(leaf), key) >= 0) {
                return leaf;
            }
        }
        throw new AssertionError("no leaf holds " + key);
    }

    private void assertVerifyReports(BTree tree) throws Exception {
        PageOwners owners = pages.owners();
        tree.verify(owners, "t");
        assertFalse(owners.finish().isEmpty(), "verify must report the damage");
    }

    @Test
    void aRootOfTheWrongType() throws Exception {
        BTree tree = twoLevels();
        pages.damage(tree.rootPageId(), 0, Page.TYPE_OVERFLOW);
        assertEveryReadFails(tree, 50);
        int live = pages.livePages();
        assertCorrupt(tree::drop);
        assertEquals(live, pages.livePages(), "a damaged tree is not dropped");
        assertVerifyReports(tree);
    }

    @Test
    void aRootOutsideTheFile() throws Exception {
        twoLevels();
        for (int root : new int[] {0, -1, pages.pageCount(), Integer.MAX_VALUE}) {
            BTree tree = new BTree(pages, root);
            assertEveryReadFails(tree, 5);
            assertCorrupt(tree::drop);
        }
    }

    @Test
    void aLeafClaimingTooManyCells() throws Exception {
        BTree tree = twoLevels();
        pages.damageU16(leafHolding(tree, 1000), LeafNode.OFFSET_CELL_COUNT, 0xFFFF);
        assertEveryReadFails(tree, 1000);
        assertTrue(tree.get(0) != null, "other leaves still read");
        assertVerifyReports(tree);
    }

    @Test
    void aCycleOfChildPointersWithinTheSeparatorBoundsHitsTheDepthLimit() throws Exception {
        BTree tree = new BTree(pages, BTree.create(pages));
        for (long key = 0; key < 5; key++) {
            tree.put(key * 10, BTreeTest.value(key, 1008)); // the fifth splits the root: one separator
        }
        pages.commit();
        pages.lenient(true);
        int root = tree.rootPageId();
        assertEquals(1, InteriorNode.keyCount(pages.read(root)));
        long separator = InteriorNode.key(pages.read(root), 0);
        // Child 1 becomes an interior node with the same separator whose child 1, covering
        // [separator, max], is the root again: every node's keys lie inside the bounds its parent
        // gives, yet the path never ends.
        int x = InteriorNode.child(pages.read(root), 1);
        pages.damage(x, InteriorNode.OFFSET_TYPE, Page.TYPE_INTERIOR);
        pages.damageU16(x, InteriorNode.OFFSET_KEY_COUNT, 1);
        pages.damageInt(x, InteriorNode.OFFSET_CHILD0, InteriorNode.child(pages.read(root), 0));
        pages.damageLong(x, InteriorNode.OFFSET_ENTRIES, separator);
        pages.damageInt(x, InteriorNode.OFFSET_ENTRIES + InteriorNode.OFFSET_ENTRY_CHILD, root);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> tree.get(separator));
        assertTrue(e.getMessage().contains("deeper than " + BTree.MAX_HEIGHT + " levels"), e.getMessage());
        assertEveryReadFails(tree, separator);
        assertCorrupt(tree::drop);
        assertVerifyReports(tree);
    }

    @Test
    void aSelfReferenceEvenWithBoundsThatFit() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        int last = InteriorNode.keyCount(pages.read(root));
        pages.damageInt(root, InteriorNode.OFFSET_ENTRIES + (last - 1) * InteriorNode.ENTRY_SIZE
                + InteriorNode.OFFSET_ENTRY_CHILD, root);
        assertEveryReadFails(tree, Long.MAX_VALUE);
    }

    @Test
    void twoChildrenSharingALeafStopScansAndCounts() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        int keys = InteriorNode.keyCount(pages.read(root));
        int shared = InteriorNode.child(pages.read(root), 0);
        for (int i = 1; i <= keys; i++) {
            pages.damageInt(root, InteriorNode.OFFSET_ENTRIES + (i - 1) * InteriorNode.ENTRY_SIZE
                    + InteriorNode.OFFSET_ENTRY_CHILD, shared);
        }
        assertCorrupt(tree::count);
        assertCorrupt(() -> BTreeTest.keys(tree.cursor()));
        assertCorrupt(() -> tree.get(2990));
        assertCorrupt(tree::drop);
        assertTrue(tree.get(0) != null, "the shared leaf itself is fine");
    }

    @Test
    void aLeafThatIsItsOwnNeighbourIsNeverMergedIntoItself() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        int first = InteriorNode.child(pages.read(root), 0);
        pages.damageInt(root, InteriorNode.OFFSET_ENTRIES + InteriorNode.OFFSET_ENTRY_CHILD, first);
        byte[] leaf = pages.read(first);
        long[] keys = new long[LeafNode.cellCount(leaf)];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = LeafNode.key(leaf, i);
        }
        int live = pages.livePages();
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> {
            for (long key : keys) {
                tree.delete(key);
            }
        });
        assertTrue(e.getMessage().contains("two neighbouring children"), e.getMessage());
        assertTrue(pages.livePages() >= live - OverflowChain.pagesFor(6000), "only the deleted value's chain was freed");
    }

    @Test
    void keysOutsideTheRangeTheParentGives() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        long separator = InteriorNode.key(pages.read(root), 2);
        pages.damageLong(root, InteriorNode.OFFSET_ENTRIES + 2 * InteriorNode.ENTRY_SIZE, separator + 1);
        // Child 3 still holds the old separator key, now below its lower bound: the lookup that
        // reaches it fails. (One routed to child 2 cannot see the damage; verify() can.)
        assertCorrupt(() -> tree.get(separator + 1));
        assertCorrupt(() -> tree.put(separator + 1, new byte[1]));
        assertVerifyReports(tree);
    }

    @Test
    void aChildThatIsAnOverflowPage() throws Exception {
        BTree tree = twoLevels();
        int leaf = leafHolding(tree, 0);
        int overflow = LeafNode.overflowPage(pages.read(leaf), 0);
        pages.damageInt(tree.rootPageId(), InteriorNode.OFFSET_CHILD0, overflow);
        assertEveryReadFails(tree, 0);
    }

    @Test
    void aChildThatIsAFreePage() throws Exception {
        BTree tree = twoLevels();
        tree.put(-1, BTreeTest.value(1, 9000));
        tree.delete(-1);
        pages.damageInt(tree.rootPageId(), InteriorNode.OFFSET_CHILD0, pages.freePages().get(0));
        assertEveryReadFails(tree, 0);
    }

    /** The leaf holding key 0 and the offset of that key's overflow cell. */
    private int[] overflowCell(BTree tree) {
        int leaf = leafHolding(tree, 0);
        return new int[] {leaf, LeafNode.cellOffset(pages.read(leaf), 0)};
    }

    @Test
    void aCyclicOverflowChain() throws Exception {
        BTree tree = twoLevels();
        int[] cell = overflowCell(tree);
        int first = LeafNode.overflowPage(pages.read(cell[0]), 0);
        int second = PageBytes.getInt(pages.read(first), OverflowChain.OFFSET_NEXT);
        pages.damageInt(second, OverflowChain.OFFSET_NEXT, first);
        pages.damageU16(second, OverflowChain.OFFSET_USED, OverflowChain.CAPACITY);
        pages.damageInt(cell[0], cell[1] + LeafNode.OFFSET_CELL_TOTAL_LENGTH, 50 * OverflowChain.CAPACITY);
        int live = pages.livePages();
        assertCorrupt(() -> tree.get(0));
        assertCorrupt(() -> tree.put(0, new byte[1]));
        assertCorrupt(() -> tree.delete(0));
        assertCorrupt(tree::drop);
        assertEquals(live, pages.livePages(), "nothing of a damaged chain is freed");
        assertVerifyReports(tree);
    }

    @Test
    void anOverflowChainTooShort() throws Exception {
        BTree tree = twoLevels();
        int[] cell = overflowCell(tree);
        int first = LeafNode.overflowPage(pages.read(cell[0]), 0);
        pages.damageInt(first, OverflowChain.OFFSET_NEXT, 0);
        int live = pages.livePages();
        assertCorrupt(() -> tree.get(0));
        assertCorrupt(() -> tree.put(0, new byte[1]));
        assertCorrupt(() -> tree.delete(0));
        assertCorrupt(() -> {
            Cursor cursor = tree.cursor(0, 0);
            assertTrue(cursor.next());
            cursor.value();
        });
        assertEquals(live, pages.livePages());
        assertTrue(tree.get(10) != null, "other keys of the leaf still read");
    }

    @Test
    void aLeafWhoseSiblingIsNotALeaf() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        // Turn leaf 1 into something else while leaf 0 is emptied down to a merge.
        int sibling = InteriorNode.child(pages.read(root), 1);
        pages.damage(sibling, 0, Page.TYPE_INTERIOR);
        byte[] first = pages.read(InteriorNode.child(pages.read(root), 0));
        int count = LeafNode.cellCount(first);
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = LeafNode.key(first, i);
        }
        assertCorrupt(() -> {
            for (long key : keys) {
                tree.delete(key);
            }
        });
    }

    @Test
    void verifyOnHealthyTreeAfterCorruptionTestsSetUp() throws Exception {
        BTree tree = twoLevels();
        PageOwners owners = pages.owners();
        tree.verify(owners, "t");
        assertEquals(List.of(), owners.finish());
    }
}
