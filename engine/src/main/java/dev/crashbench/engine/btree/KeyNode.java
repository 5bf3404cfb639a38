package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node of a {@link KeyTree}: byte-string keys in unsigned lexicographic order, packed one after
 * another. Leaves hold the keys themselves (a key tree stores no values: an index entry is all
 * key); interior nodes hold separators and child page ids.
 *
 * <p>Unlike the table tree's slotted {@link LeafNode}, cells are stored packed and in key order,
 * and a change rewrites the node from a decoded list ({@link Decoded}). Index keys are short and a
 * rewrite is one pass over at most a page, so the simpler layout costs little; reads search the
 * page in place through an offset array and never copy a key.
 *
 * <table>
 *   <caption>Key tree node header</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>page type: {@link #TYPE_KEY_LEAF} or {@link #TYPE_KEY_INTERIOR}</td></tr>
 *   <tr><td>1</td><td>1</td><td>node format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>2</td><td>2</td><td>key count n, u16</td></tr>
 *   <tr><td>4</td><td>2</td><td>bytes of cells after the header, u16</td></tr>
 *   <tr><td>6</td><td>4</td><td>interior only: child 0 (keys below the first separator), u32; a leaf's cells start here</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Key tree cell</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>2</td><td>key length k, u16, 1..{@link #MAX_KEY}</td></tr>
 *   <tr><td>2</td><td>k</td><td>key bytes</td></tr>
 *   <tr><td>2+k</td><td>4</td><td>interior only: child i+1, holding keys at or above this separator, u32</td></tr>
 * </table>
 *
 * <p>A key of at most {@link #MAX_KEY} bytes guarantees that a node overfull by one cell splits
 * into two halves that each fit, so no insert can fail for lack of room. The page types are new
 * ones beside those of {@link Page}; the pager's checksum trailer is untouched.
 */
public final class KeyNode {
    public static final byte TYPE_KEY_LEAF = 0x05;
    public static final byte TYPE_KEY_INTERIOR = 0x06;
    public static final int FORMAT_VERSION = 1;

    public static final int OFFSET_TYPE = 0;
    public static final int OFFSET_VERSION = 1;
    public static final int OFFSET_COUNT = 2;
    public static final int OFFSET_CELL_BYTES = 4;
    public static final int OFFSET_CHILD0 = 6;
    public static final int LEAF_HEADER = 6;
    public static final int INTERIOR_HEADER = 10;
    public static final int OFFSET_CELL_LENGTH = 0;
    public static final int OFFSET_CELL_KEY = 2;
    /** Longest key: a full node plus one maximal cell always splits into two nodes that fit. */
    public static final int MAX_KEY = 1024;

    private KeyNode() {
    }

    public static boolean isLeaf(byte[] page) {
        return page[OFFSET_TYPE] == TYPE_KEY_LEAF;
    }

    public static int count(byte[] page) {
        return PageBytes.getU16(page, OFFSET_COUNT);
    }

    static int header(boolean leaf) {
        return leaf ? LEAF_HEADER : INTERIOR_HEADER;
    }

    /** Bytes a cell of a {@code keyLength}-byte key takes. */
    static int cellSize(boolean leaf, int keyLength) {
        return OFFSET_CELL_KEY + keyLength + (leaf ? 0 : 4);
    }

    /**
     * Checks the node's structure and returns the offset of each cell (plus, at index n, the end of
     * the cells). Keys must be strictly ascending in a leaf and ascending in an interior node.
     */
    static int[] validate(byte[] page, int pageId, PageAccess access) throws CorruptDatabaseException {
        byte type = page[OFFSET_TYPE];
        if (type != TYPE_KEY_LEAF && type != TYPE_KEY_INTERIOR) {
            throw access.corruption(pageId, "page type " + type + " where a key-tree node was expected");
        }
        if (page[OFFSET_VERSION] != FORMAT_VERSION) {
            throw access.corruption(pageId, "key-tree node format version " + page[OFFSET_VERSION]);
        }
        boolean leaf = type == TYPE_KEY_LEAF;
        int n = count(page);
        int header = header(leaf);
        int end = header + PageBytes.getU16(page, OFFSET_CELL_BYTES);
        if (end > Page.USABLE_SIZE) {
            throw access.corruption(pageId, "key-tree node cells end at " + end + ", past the page");
        }
        int[] offsets = new int[n + 1];
        int at = header;
        for (int i = 0; i < n; i++) {
            if (at + OFFSET_CELL_KEY > end) {
                throw access.corruption(pageId, "key-tree cell " + i + " starts past the cells");
            }
            int length = PageBytes.getU16(page, at + OFFSET_CELL_LENGTH);
            if (length == 0 || length > MAX_KEY || at + cellSize(leaf, length) > end) {
                throw access.corruption(pageId, "key-tree cell " + i + " has key length " + length);
            }
            offsets[i] = at;
            if (i > 0) {
                int c = compare(page, offsets[i - 1], page, at);
                if (c > 0 || leaf && c == 0) {
                    throw access.corruption(pageId, "key-tree keys out of order at cell " + i);
                }
            }
            at += cellSize(leaf, length);
        }
        if (at != end) {
            throw access.corruption(pageId, "key-tree node counts " + (end - header) + " cell bytes, its cells use "
                    + (at - header));
        }
        offsets[n] = end;
        if (!leaf) {
            for (int i = 0; i <= n; i++) {
                int child = child(page, offsets, i);
                if (child <= 0 || child >= access.pageCount()) {
                    throw access.corruption(pageId, "key-tree child " + i + " is page " + child + ", outside 1.."
                            + (access.pageCount() - 1));
                }
            }
        }
        return offsets;
    }

    static int keyLength(byte[] page, int cellOffset) {
        return PageBytes.getU16(page, cellOffset + OFFSET_CELL_LENGTH);
    }

    static byte[] key(byte[] page, int[] offsets, int i) {
        int at = offsets[i];
        return Arrays.copyOfRange(page, at + OFFSET_CELL_KEY, at + OFFSET_CELL_KEY + keyLength(page, at));
    }

    /** Child {@code i} (0..n) of an interior node. */
    static int child(byte[] page, int[] offsets, int i) {
        if (i == 0) {
            return PageBytes.getInt(page, OFFSET_CHILD0);
        }
        int at = offsets[i - 1];
        return PageBytes.getInt(page, at + OFFSET_CELL_KEY + keyLength(page, at));
    }

    /** Compares the key of the cell at {@code a} in {@code pa} with that at {@code b} in {@code pb}. */
    static int compare(byte[] pa, int a, byte[] pb, int b) {
        int la = keyLength(pa, a);
        int lb = keyLength(pb, b);
        return Arrays.compareUnsigned(pa, a + OFFSET_CELL_KEY, a + OFFSET_CELL_KEY + la, pb, b + OFFSET_CELL_KEY,
                b + OFFSET_CELL_KEY + lb);
    }

    /** Compares the key of the cell at {@code cellOffset} with {@code key}. */
    static int compare(byte[] page, int cellOffset, byte[] key) {
        int length = keyLength(page, cellOffset);
        int from = cellOffset + OFFSET_CELL_KEY;
        return Arrays.compareUnsigned(page, from, from + length, key, 0, key.length);
    }

    /** Index of the first key at or above {@code key} (n when none). */
    static int lowerBound(byte[] page, int[] offsets, byte[] key) {
        int low = 0;
        int high = offsets.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (compare(page, offsets[mid], key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The child of an interior node whose range holds {@code key}: the number of separators at or below it. */
    static int childIndex(byte[] page, int[] offsets, byte[] key) {
        int low = 0;
        int high = offsets.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (compare(page, offsets[mid], key) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** A node decoded for change: keys, and for an interior node n+1 children. */
    static final class Decoded {
        final boolean leaf;
        final List<byte[]> keys;
        final List<Integer> children;

        Decoded(boolean leaf, List<byte[]> keys, List<Integer> children) {
            this.leaf = leaf;
            this.keys = keys;
            this.children = children;
        }

        static Decoded of(byte[] page, int[] offsets) {
            boolean leaf = isLeaf(page);
            int n = offsets.length - 1;
            List<byte[]> keys = new ArrayList<>(n + 1);
            List<Integer> children = leaf ? null : new ArrayList<>(n + 2);
            for (int i = 0; i < n; i++) {
                keys.add(key(page, offsets, i));
            }
            if (!leaf) {
                for (int i = 0; i <= n; i++) {
                    children.add(child(page, offsets, i));
                }
            }
            return new Decoded(leaf, keys, children);
        }

        int bytes() {
            int total = header(leaf);
            for (byte[] k : keys) {
                total += cellSize(leaf, k.length);
            }
            return total;
        }

        boolean fits() {
            return bytes() <= Page.USABLE_SIZE;
        }

        /** Writes this node over {@code page}, zeroing the rest of its usable bytes. */
        void writeTo(byte[] page) {
            if (!fits()) {
                throw new IllegalStateException("key-tree node of " + bytes() + " bytes does not fit a page");
            }
            Arrays.fill(page, 0, Page.USABLE_SIZE, (byte) 0);
            page[OFFSET_TYPE] = leaf ? TYPE_KEY_LEAF : TYPE_KEY_INTERIOR;
            page[OFFSET_VERSION] = FORMAT_VERSION;
            PageBytes.putU16(page, OFFSET_COUNT, keys.size());
            int at = header(leaf);
            if (!leaf) {
                PageBytes.putInt(page, OFFSET_CHILD0, children.get(0));
            }
            for (int i = 0; i < keys.size(); i++) {
                byte[] k = keys.get(i);
                PageBytes.putU16(page, at + OFFSET_CELL_LENGTH, k.length);
                System.arraycopy(k, 0, page, at + OFFSET_CELL_KEY, k.length);
                at += OFFSET_CELL_KEY + k.length;
                if (!leaf) {
                    PageBytes.putInt(page, at, children.get(i + 1));
                    at += 4;
                }
            }
            PageBytes.putU16(page, OFFSET_CELL_BYTES, at - header(leaf));
        }
    }

    /** Formats {@code page} as an empty leaf. */
    public static void initLeaf(byte[] page) {
        new Decoded(true, new ArrayList<>(), null).writeTo(page);
    }
}
