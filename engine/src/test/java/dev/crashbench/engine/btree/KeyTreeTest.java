package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.FormatTable;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageOwners;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyTreeTest {

    static String hex(byte[] key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(key.length, 12); i++) {
            b.append(String.format("%02x", key[i]));
        }
        return b + (key.length > 12 ? "..(" + key.length + ")" : "");
    }

    /** verify() finds nothing, and the tree's count and full scan equal the model. */
    static void assertTree(MemoryPages pages, KeyTree tree, NavigableSet<byte[]> model) throws Exception {
        PageOwners owners = new PageOwners(pages.pageCount());
        tree.verify(owners, "tree");
        assertEquals(List.of(), owners.problemsSoFar());
        assertEquals(model.size(), tree.count());
        KeyCursor cursor = tree.cursor(null);
        for (byte[] key : model) {
            assertTrue(cursor.next());
            assertArrayEquals(key, cursor.key());
        }
        assertFalse(cursor.next());
    }

    private static byte[] key(int n, int length) {
        byte[] key = new byte[length];
        key[0] = (byte) (n >>> 16);
        key[1] = (byte) (n >>> 8);
        key[2] = (byte) n;
        return key;
    }

    @Test
    void nodeHeaderAndCellsAreWhereTheTablesSay() throws Exception {
        assertEquals(List.of(new FormatTable.Row(0, 1), new FormatTable.Row(1, 1), new FormatTable.Row(2, 2),
                new FormatTable.Row(4, 2), new FormatTable.Row(6, 4)), FormatTable.documented(KeyNode.class, "Key tree node header"));
        // The cell table's other rows have symbolic offsets (2, 2+k); its numeric row is the length.
        assertEquals(List.of(new FormatTable.Row(KeyNode.OFFSET_CELL_LENGTH, 2)),
                FormatTable.documented(KeyNode.class, "Key tree cell"));
        assertEquals(2, KeyNode.OFFSET_CELL_KEY);
        assertEquals(KeyNode.OFFSET_CHILD0, KeyNode.LEAF_HEADER);
        assertEquals(KeyNode.OFFSET_CHILD0 + 4, KeyNode.INTERIOR_HEADER);
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        tree.insert(new byte[] {7, 8});
        tree.insert(new byte[] {1});
        byte[] page = pages.read(tree.rootPageId());
        assertEquals(KeyNode.TYPE_KEY_LEAF, page[KeyNode.OFFSET_TYPE]);
        assertEquals(KeyNode.FORMAT_VERSION, page[KeyNode.OFFSET_VERSION]);
        assertEquals(2, FormatTable.le32(page, KeyNode.OFFSET_COUNT) & 0xffff);
        assertEquals(3 + 4, FormatTable.le32(page, KeyNode.OFFSET_CELL_BYTES) & 0xffff);
        int first = KeyNode.LEAF_HEADER;
        assertEquals(1, page[first + KeyNode.OFFSET_CELL_LENGTH]);
        assertEquals(1, page[first + KeyNode.OFFSET_CELL_KEY]);
        assertEquals(2, page[first + 3 + KeyNode.OFFSET_CELL_LENGTH]);
        assertEquals(7, page[first + 3 + KeyNode.OFFSET_CELL_KEY]);
        assertEquals(8, page[first + 3 + KeyNode.OFFSET_CELL_KEY + 1]);
    }

    @Test
    void interiorCellsCarryTheirRightChild() throws Exception {
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        for (int i = 0; i < 20; i++) {
            tree.insert(key(i, 500));
        }
        byte[] root = pages.read(tree.rootPageId());
        assertEquals(KeyNode.TYPE_KEY_INTERIOR, root[KeyNode.OFFSET_TYPE]);
        int n = KeyNode.count(root);
        int at = KeyNode.INTERIOR_HEADER;
        int child0 = FormatTable.le32(root, KeyNode.OFFSET_CHILD0);
        assertTrue(KeyNode.isLeaf(pages.read(child0)));
        for (int i = 0; i < n; i++) {
            int length = FormatTable.le32(root, at) & 0xffff;
            int child = FormatTable.le32(root, at + KeyNode.OFFSET_CELL_KEY + length);
            byte[] leaf = pages.read(child);
            assertTrue(KeyNode.isLeaf(leaf));
            // The separator is the first key of its right child.
            assertEquals(root[at + KeyNode.OFFSET_CELL_KEY + 2], leaf[KeyNode.LEAF_HEADER + KeyNode.OFFSET_CELL_KEY + 2]);
            at += KeyNode.OFFSET_CELL_KEY + length + 4;
        }
        assertEquals(KeyNode.INTERIOR_HEADER + (FormatTable.le32(root, KeyNode.OFFSET_CELL_BYTES) & 0xffff), at);
    }

    @Test
    void maximalKeysSplitAtEveryLevel() throws Exception {
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        TreeSet<byte[]> model = new TreeSet<>(KeyTreeProperties.ORDER);
        for (int i = 0; i < 300; i++) {
            byte[] k = key((i * 7919) % 1000, KeyNode.MAX_KEY);
            assertTrue(tree.insert(k));
            model.add(k);
        }
        assertTree(pages, tree, model);
        pages.commit();
    }

    @Test
    void refusesEmptyAndOversizedKeys() throws Exception {
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        assertThrows(IllegalArgumentException.class, () -> tree.insert(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> tree.insert(new byte[KeyNode.MAX_KEY + 1]));
    }

    @Test
    void dropFreesEveryPage() throws Exception {
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        for (int i = 0; i < 500; i++) {
            tree.insert(key(i, 100));
        }
        assertTrue(pages.livePages() > 10);
        tree.drop();
        assertEquals(0, pages.livePages());
        assertThrows(IllegalStateException.class, () -> tree.insert(new byte[] {1}));
    }

    @Test
    void damagedNodesAreReportedNotTrusted() throws Exception {
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        for (int i = 0; i < 200; i++) {
            tree.insert(key(i, 60));
        }
        pages.commit();
        int root = tree.rootPageId();
        byte[] rootPage = pages.read(root);
        int child0 = FormatTable.le32(rootPage, KeyNode.OFFSET_CHILD0);
        // Swap the order of two keys in the first leaf: out of order.
        pages.damage(child0, KeyNode.LEAF_HEADER + KeyNode.OFFSET_CELL_KEY, (byte) 0x7f);
        assertThrows(CorruptDatabaseException.class, () -> tree.contains(key(0, 60)));
        PageOwners owners = new PageOwners(pages.pageCount());
        tree.verify(owners, "idx");
        assertFalse(owners.problemsSoFar().isEmpty());
        assertThrows(CorruptDatabaseException.class, tree::drop);
        // A child pointer outside the file.
        MemoryPages other = new MemoryPages();
        KeyTree second = new KeyTree(other, KeyTree.create(other));
        for (int i = 0; i < 200; i++) {
            second.insert(key(i, 60));
        }
        other.commit();
        other.damageInt(second.rootPageId(), KeyNode.OFFSET_CHILD0, 9999);
        assertThrows(CorruptDatabaseException.class, () -> second.contains(key(0, 60)));
        // An unknown version.
        other.damage(second.rootPageId(), KeyNode.OFFSET_VERSION, (byte) 9);
        assertThrows(CorruptDatabaseException.class, () -> second.cursor(null).next());
        assertEquals(Page.USABLE_SIZE, Page.SIZE - Page.TRAILER_SIZE);
    }
}
