package dev.crashbench.engine.btree;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.record.OverflowChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static dev.crashbench.engine.IntegrityProblem.Kind.CORRUPTION;
import static dev.crashbench.engine.IntegrityProblem.Kind.INCONSISTENCY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** verify() accepts healthy trees and reports, without throwing, every kind of damage it must catch. */
class BTreeVerifyTest {
    private final MemoryPages pages = new MemoryPages();

    /** Leaf page ids in key order. */
    static List<Integer> leaves(MemoryPages pages, int pageId) {
        List<Integer> out = new ArrayList<>();
        collect(pages, pageId, out, true);
        return out;
    }

    /** Interior page ids, depth first. */
    static List<Integer> interiors(MemoryPages pages, int pageId) {
        List<Integer> out = new ArrayList<>();
        collect(pages, pageId, out, false);
        return out;
    }

    private static void collect(MemoryPages pages, int pageId, List<Integer> out, boolean wantLeaves) {
        byte[] page = pages.read(pageId);
        if (page[0] == Page.TYPE_LEAF) {
            if (wantLeaves) {
                out.add(pageId);
            }
            return;
        }
        if (!wantLeaves) {
            out.add(pageId);
        }
        for (int i = 0; i <= InteriorNode.keyCount(page); i++) {
            collect(pages, InteriorNode.child(page, i), out, wantLeaves);
        }
    }

    private List<IntegrityProblem> problems(BTree tree) throws Exception {
        pages.lenient(true);
        PageOwners owners = pages.owners();
        tree.verify(owners, "t");
        return owners.finish();
    }

    private static void assertReported(List<IntegrityProblem> problems, IntegrityProblem.Kind kind, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.kind() == kind && p.description().contains(fragment)),
                "expected a problem of kind " + kind + " containing '" + fragment + "' in " + problems);
    }

    /** Two levels: the root and leaves, with some overflow values. */
    private BTree twoLevels() throws Exception {
        BTree tree = new BTree(pages, BTree.create(pages));
        for (long key = 0; key < 300; key++) {
            tree.put(key * 10, BTreeTest.value(key, key % 30 == 0 ? 6000 : 100));
        }
        pages.commit();
        assertEquals(List.of(), problems(tree));
        return tree;
    }

    /** Three levels: 1536 maximal inline values fill 512 leaves under two interior nodes. */
    private BTree threeLevels() throws Exception {
        BTree tree = new BTree(pages, BTree.create(pages));
        for (long key = 0; key < 1536; key++) {
            tree.put(key, BTreeTest.value(key, LeafNode.MAX_INLINE_VALUE));
        }
        pages.commit();
        assertEquals(List.of(), problems(tree));
        return tree;
    }

    @Test
    void healthyTreesOfManyShapesPass() throws Exception {
        BTree empty = new BTree(pages, BTree.create(pages));
        assertEquals(List.of(), problems(empty));
        BTree random = new BTree(pages, BTree.create(pages));
        Random rng = new Random(5);
        for (int i = 0; i < 3000; i++) {
            long key = rng.nextInt(1000);
            if (rng.nextInt(3) == 0) {
                random.delete(key);
            } else {
                random.put(key, BTreeTest.value(key, rng.nextInt(10) == 0 ? 5000 : rng.nextInt(300)));
            }
        }
        PageOwners owners = pages.owners();
        empty.verify(owners, "empty");
        random.verify(owners, "random");
        assertEquals(List.of(), owners.finish(), "two trees and the free list own every page once");
    }

    @Test
    void keysOutOfOrderInsideALeaf() throws Exception {
        BTree tree = twoLevels();
        int leaf = leaves(pages, tree.rootPageId()).get(2);
        int first = LeafNode.cellOffset(pages.read(leaf), 0);
        int second = LeafNode.cellOffset(pages.read(leaf), 1);
        pages.damageU16(leaf, LeafNode.OFFSET_SLOTS, second);
        pages.damageU16(leaf, LeafNode.OFFSET_SLOTS + LeafNode.SLOT_SIZE, first);
        assertReported(problems(tree), CORRUPTION, "page " + leaf + ": leaf keys out of order");
    }

    @Test
    void aLeafKeyOutsideItsSeparatorBounds() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        long separator = InteriorNode.key(pages.read(root), 3);
        // Raise separator 3 past the first key of child 4: that key now belongs to child 3.
        pages.damageLong(root, InteriorNode.OFFSET_ENTRIES + 3 * InteriorNode.ENTRY_SIZE, separator + 5);
        int child4 = InteriorNode.child(pages.read(root), 4);
        assertReported(problems(tree), INCONSISTENCY, "page " + child4 + " holds key " + separator + " outside its range");
    }

    @Test
    void separatorsOutOfOrderInsideAnInteriorNode() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        pages.damageLong(root, InteriorNode.OFFSET_ENTRIES + 2 * InteriorNode.ENTRY_SIZE, Long.MAX_VALUE);
        assertReported(problems(tree), CORRUPTION, "interior node keys out of order");
    }

    @Test
    void separatorsOfAChildOutsideTheBoundsOfItsParent() throws Exception {
        BTree tree = threeLevels();
        int root = tree.rootPageId();
        int right = InteriorNode.child(pages.read(root), 1);
        pages.damageLong(right, InteriorNode.OFFSET_ENTRIES, 0);
        assertReported(problems(tree), INCONSISTENCY, "page " + right + " has separator 0 outside its range");
    }

    @Test
    void leavesAtDifferentDepths() throws Exception {
        BTree tree = threeLevels();
        int root = tree.rootPageId();
        int right = InteriorNode.child(pages.read(root), 1);
        int leafUnderRight = InteriorNode.child(pages.read(right), 0);
        // The root's right child now skips a level: it points straight at a leaf.
        pages.damageInt(root, InteriorNode.OFFSET_ENTRIES + InteriorNode.OFFSET_ENTRY_CHILD, leafUnderRight);
        List<IntegrityProblem> problems = problems(tree);
        assertReported(problems, INCONSISTENCY, "page " + leafUnderRight + " is a leaf at depth 1 where the first leaf is at depth 2");
        assertReported(problems, INCONSISTENCY, "page " + right + " is neither in use nor on the free list");
    }

    @Test
    void twoChildrenSharingALeaf() throws Exception {
        BTree tree = twoLevels();
        int root = tree.rootPageId();
        int shared = InteriorNode.child(pages.read(root), 1);
        int lost = InteriorNode.child(pages.read(root), 2);
        pages.damageInt(root, InteriorNode.OFFSET_ENTRIES + InteriorNode.ENTRY_SIZE + InteriorNode.OFFSET_ENTRY_CHILD, shared);
        List<IntegrityProblem> problems = problems(tree);
        assertReported(problems, INCONSISTENCY, "page " + shared + " is claimed by both t and t");
        assertReported(problems, INCONSISTENCY, "page " + lost + " is neither in use nor on the free list");
    }

    @Test
    void aChildOutsideTheFile() throws Exception {
        BTree tree = twoLevels();
        pages.damageInt(tree.rootPageId(), InteriorNode.OFFSET_CHILD0, pages.pageCount() + 3);
        assertReported(problems(tree), CORRUPTION, "interior node child 0 is page " + (pages.pageCount() + 3));
    }

    @Test
    void aChildOfTheWrongType() throws Exception {
        BTree tree = twoLevels();
        int leaf = leaves(pages, tree.rootPageId()).get(1);
        pages.damage(leaf, 0, Page.TYPE_OVERFLOW);
        assertReported(problems(tree), INCONSISTENCY, "page " + leaf + " has page type 3, not a b-tree node");
    }

    @Test
    void aChildThatIsAFreePage() throws Exception {
        BTree tree = twoLevels();
        tree.put(-1, BTreeTest.value(-1, 9000));
        tree.delete(-1);
        int free = pages.freePages().get(0);
        pages.damageInt(tree.rootPageId(), InteriorNode.OFFSET_CHILD0, free);
        assertReported(problems(tree), INCONSISTENCY, "page " + free + " is claimed by both free list and t");
    }

    @Test
    void anEmptyLeafBelowTheRoot() throws Exception {
        BTree tree = twoLevels();
        int leaf = leaves(pages, tree.rootPageId()).get(3);
        pages.damageU16(leaf, LeafNode.OFFSET_CELL_COUNT, 0);
        pages.damageU16(leaf, LeafNode.OFFSET_CONTENT_START, Page.USABLE_SIZE);
        pages.damageU16(leaf, LeafNode.OFFSET_FRAGMENTED, 0);
        assertReported(problems(tree), INCONSISTENCY, "page " + leaf + " is an empty leaf below the root");
    }

    /** The leaf holding key 0 (an overflow value) and the cell offset of key 0 in it. */
    private int[] firstOverflowCell(BTree tree) {
        int leaf = leaves(pages, tree.rootPageId()).get(0);
        byte[] page = pages.read(leaf);
        assertTrue(LeafNode.isOverflow(page, 0));
        return new int[] {leaf, LeafNode.cellOffset(page, 0)};
    }

    @Test
    void anOverflowChainShorterThanItsCellSays() throws Exception {
        BTree tree = twoLevels();
        int[] cell = firstOverflowCell(tree);
        int first = LeafNode.overflowPage(pages.read(cell[0]), 0);
        int second = PageBytes.getInt(pages.read(first), OverflowChain.OFFSET_NEXT);
        pages.damageInt(first, OverflowChain.OFFSET_NEXT, 0);
        List<IntegrityProblem> problems = problems(tree);
        assertReported(problems, INCONSISTENCY, "t key 0: overflow chain ends at page " + first + " with 1916 of its 6000 bytes missing");
        assertReported(problems, INCONSISTENCY, "page " + second + " is neither in use nor on the free list");
    }

    @Test
    void anOverflowChainLongerThanItsCellSays() throws Exception {
        BTree tree = twoLevels();
        int[] cell = firstOverflowCell(tree);
        pages.damageInt(cell[0], cell[1] + LeafNode.OFFSET_CELL_TOTAL_LENGTH, OverflowChain.CAPACITY);
        List<IntegrityProblem> problems = problems(tree);
        assertReported(problems, INCONSISTENCY, "t key 0: overflow chain continues at page");
        assertReported(problems, INCONSISTENCY, "is neither in use nor on the free list");
    }

    @Test
    void aCyclicOverflowChain() throws Exception {
        BTree tree = twoLevels();
        int[] cell = firstOverflowCell(tree);
        int first = LeafNode.overflowPage(pages.read(cell[0]), 0);
        int second = PageBytes.getInt(pages.read(first), OverflowChain.OFFSET_NEXT);
        pages.damageInt(second, OverflowChain.OFFSET_NEXT, first);
        pages.damageInt(cell[0], cell[1] + LeafNode.OFFSET_CELL_TOTAL_LENGTH, 4 * OverflowChain.CAPACITY);
        pages.damageU16(second, OverflowChain.OFFSET_USED, OverflowChain.CAPACITY);
        assertReported(problems(tree), INCONSISTENCY, "page " + first + " is claimed by both t key 0 and t key 0");
    }

    @Test
    void twoCellsSharingAnOverflowChain() throws Exception {
        BTree tree = twoLevels();
        int[] cell = firstOverflowCell(tree);
        int first = LeafNode.overflowPage(pages.read(cell[0]), 0);
        // key 300 (the 31st) also has a 6000-byte value: point it at key 0's chain
        int leaf = -1;
        int offset = -1;
        for (int id : leaves(pages, tree.rootPageId())) {
            int index = LeafNode.find(pages.read(id), 300);
            if (index >= 0) {
                leaf = id;
                offset = LeafNode.cellOffset(pages.read(id), index);
            }
        }
        pages.damageInt(leaf, offset + LeafNode.OFFSET_CELL_FIRST_OVERFLOW, first);
        List<IntegrityProblem> problems = problems(tree);
        assertReported(problems, INCONSISTENCY, "page " + first + " is claimed by both t key 0 and t key 300");
    }

    @Test
    void aRootOutsideTheFile() throws Exception {
        BTree tree = new BTree(pages, BTree.create(pages));
        BTree wrong = new BTree(pages, 77);
        PageOwners owners = pages.owners();
        wrong.verify(owners, "t");
        assertReported(owners.finish(), INCONSISTENCY, "t refers to page 77");
        assertEquals(List.of(), problems(tree));
    }

    @Test
    void randomDamageIsReportedWithoutThrowing() throws Exception {
        BTree tree = threeLevels();
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            int page = 1 + random.nextInt(pages.pageCount() - 1);
            pages.damage(page, random.nextInt(64), (byte) random.nextInt());
        }
        List<String> problems = problems(tree).stream().map(IntegrityProblem::description)
                .filter(p -> !p.contains("neither in use nor on the free list")).collect(Collectors.toList());
        assertTrue(!problems.isEmpty());
        assertTrue(problems.stream().allMatch(p -> p.startsWith("t") || p.startsWith("page ")), problems.toString());
    }
}
