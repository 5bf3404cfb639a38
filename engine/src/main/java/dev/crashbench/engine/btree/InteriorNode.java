package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageBytes;

/**
 * An interior page of a table B+tree: n separator keys and n + 1 child page ids, in fixed-size
 * entries so that a child is found by binary search without decoding anything.
 *
 * <p>Key convention: keys are strictly ascending; child 0 holds the keys below key 0, child i
 * (1 &le; i &lt; n) the keys in [key i-1, key i), child n the keys at or above key n-1. A key equal
 * to a separator therefore lives to the separator's right, and {@link #childIndex} is the number of
 * separators at or below the key. A separator is the lowest key of its right subtree when it is
 * made, but deletes may remove that key later: separators are bounds, not stored keys.
 *
 * <table>
 *   <caption>Interior page</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>page type, {@link Page#TYPE_INTERIOR}</td></tr>
 *   <tr><td>1</td><td>1</td><td>reserved, 0</td></tr>
 *   <tr><td>2</td><td>2</td><td>key count n, u16, 1..{@value #MAX_KEYS}</td></tr>
 *   <tr><td>4</td><td>4</td><td>child 0, u32 page id</td></tr>
 *   <tr><td>8 + 12i</td><td>8</td><td>key i, int64, compared signed</td></tr>
 *   <tr><td>16 + 12i</td><td>4</td><td>child i + 1, u32 page id</td></tr>
 * </table>
 *
 * <p>Accessors trust the page: call {@link #validate} on every image read from the pager first.
 */
public final class InteriorNode {
    public static final int OFFSET_TYPE = 0;
    public static final int OFFSET_RESERVED = 1;
    public static final int OFFSET_KEY_COUNT = 2;
    public static final int OFFSET_CHILD0 = 4;
    public static final int OFFSET_ENTRIES = 8;
    public static final int ENTRY_SIZE = 12;
    public static final int OFFSET_ENTRY_KEY = 0;
    public static final int OFFSET_ENTRY_CHILD = 8;
    /** Most separators a page holds: 340. */
    public static final int MAX_KEYS = (Page.USABLE_SIZE - OFFSET_ENTRIES) / ENTRY_SIZE;

    private InteriorNode() {
    }

    /**
     * Formats {@code page} as an interior node with one child and no key: a transient state while
     * the tree grows a level, never left on disk.
     */
    public static void init(byte[] page, int child0) {
        page[OFFSET_TYPE] = Page.TYPE_INTERIOR;
        page[OFFSET_RESERVED] = 0;
        PageBytes.putU16(page, OFFSET_KEY_COUNT, 0);
        PageBytes.putInt(page, OFFSET_CHILD0, child0);
    }

    public static int keyCount(byte[] page) {
        return PageBytes.getU16(page, OFFSET_KEY_COUNT);
    }

    public static long key(byte[] page, int index) {
        return PageBytes.getLong(page, entryOffset(index) + OFFSET_ENTRY_KEY);
    }

    public static void setKey(byte[] page, int index, long key) {
        PageBytes.putLong(page, entryOffset(index) + OFFSET_ENTRY_KEY, key);
    }

    /** Child {@code index}, 0..n. */
    public static int child(byte[] page, int index) {
        return PageBytes.getInt(page, childOffset(index));
    }

    public static void setChild(byte[] page, int index, int child) {
        PageBytes.putInt(page, childOffset(index), child);
    }

    /** Bytes the node needs. */
    public static int usedBytes(byte[] page) {
        return OFFSET_ENTRIES + ENTRY_SIZE * keyCount(page);
    }

    /** The child whose range holds {@code key}: the number of separators at or below it. */
    public static int childIndex(byte[] page, long key) {
        int low = 0;
        int high = keyCount(page);
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (key(page, mid) <= key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Inserts separator {@code key} at key position {@code keyIndex} with {@code rightChild} just
     * after it: child {@code keyIndex} split, keeping the keys below {@code key}, and
     * {@code rightChild} took the rest. The node must have room.
     */
    public static void insert(byte[] page, int keyIndex, long key, int rightChild) {
        int count = keyCount(page);
        if (count >= MAX_KEYS) {
            throw new IllegalStateException("interior node is full");
        }
        int entry = entryOffset(keyIndex);
        System.arraycopy(page, entry, page, entry + ENTRY_SIZE, ENTRY_SIZE * (count - keyIndex));
        PageBytes.putLong(page, entry + OFFSET_ENTRY_KEY, key);
        PageBytes.putInt(page, entry + OFFSET_ENTRY_CHILD, rightChild);
        PageBytes.putU16(page, OFFSET_KEY_COUNT, count + 1);
    }

    /** Appends a separator and the child to its right. The node must have room. */
    public static void append(byte[] page, long key, int rightChild) {
        insert(page, keyCount(page), key, rightChild);
    }

    /**
     * Removes child {@code childIndex} and one separator next to it, so that the neighbouring child
     * takes over its key range: the separator on its left, or for child 0 the one on its right.
     */
    public static void removeChild(byte[] page, int childIndex) {
        int count = keyCount(page);
        int entry;
        if (childIndex == 0) {
            PageBytes.putInt(page, OFFSET_CHILD0, child(page, 1));
            entry = 0;
        } else {
            entry = childIndex - 1;
        }
        int offset = entryOffset(entry);
        System.arraycopy(page, offset + ENTRY_SIZE, page, offset, ENTRY_SIZE * (count - entry - 1));
        PageBytes.putU16(page, OFFSET_KEY_COUNT, count - 1);
    }

    /**
     * Appends {@code separator}, then all of {@code right} to {@code left}: the merge of two
     * siblings, pulling down the separator between them. {@code left} must have room.
     */
    public static void mergeFrom(byte[] left, long separator, byte[] right) {
        int leftCount = keyCount(left);
        int rightCount = keyCount(right);
        if (leftCount + 1 + rightCount > MAX_KEYS) {
            throw new IllegalStateException("merged interior node would hold " + (leftCount + 1 + rightCount) + " keys");
        }
        append(left, separator, child(right, 0));
        System.arraycopy(right, OFFSET_ENTRIES, left, entryOffset(leftCount + 1), ENTRY_SIZE * rightCount);
        PageBytes.putU16(left, OFFSET_KEY_COUNT, leftCount + 1 + rightCount);
    }

    /**
     * Splits a full node while inserting (key, rightChild) at {@code keyIndex} as {@link #insert}
     * would: the n + 1 keys are cut in the middle, the lower half stays in {@code page}, the upper
     * half goes to {@code right} (any page image, overwritten), and the middle key is returned for
     * the parent. {@code right}'s child 0 is the child just after the middle key.
     */
    public static long splitInsert(byte[] page, int keyIndex, long key, int rightChild, byte[] right) {
        int total = keyCount(page) + 1;
        int middle = total / 2;
        init(right, virtualChild(page, keyIndex, rightChild, middle + 1));
        for (int j = middle + 1; j < total; j++) {
            append(right, virtualKey(page, keyIndex, key, j), virtualChild(page, keyIndex, rightChild, j + 1));
        }
        long up = virtualKey(page, keyIndex, key, middle);
        if (keyIndex >= middle) {
            PageBytes.putU16(page, OFFSET_KEY_COUNT, middle);
        } else {
            PageBytes.putU16(page, OFFSET_KEY_COUNT, middle - 1);
            insert(page, keyIndex, key, rightChild);
        }
        return up;
    }

    /**
     * Throws {@link CorruptDatabaseException} unless the page is a well-formed interior node: type,
     * 1..{@value #MAX_KEYS} keys in strictly ascending order, every child a page id inside the file
     * other than this page.
     */
    public static void validate(byte[] page, int pageId, PageAccess access) throws CorruptDatabaseException {
        validate(page, pageId, access, access.pageCount());
    }

    /**
     * {@link #validate(byte[], int, PageAccess)} with children checked against {@code pageLimit}
     * instead of the page count ({@link Integer#MAX_VALUE}: only that they are positive and not
     * this page); returns the highest child.
     */
    static int validate(byte[] page, int pageId, PageAccess access, int pageLimit) throws CorruptDatabaseException {
        if (page[OFFSET_TYPE] != Page.TYPE_INTERIOR) {
            throw access.corruption(pageId, "page type " + page[OFFSET_TYPE]
                    + " where a b-tree interior node was expected");
        }
        if (page[OFFSET_RESERVED] != 0) {
            throw access.corruption(pageId, "interior node reserved byte is " + page[OFFSET_RESERVED]);
        }
        int count = keyCount(page);
        if (count < 1 || count > MAX_KEYS) {
            throw access.corruption(pageId, "interior node claims " + count + " keys, outside 1.." + MAX_KEYS);
        }
        int highestChild = 0;
        for (int i = 0; i <= count; i++) {
            int child = child(page, i);
            if (child <= 0 || child >= pageLimit || child == pageId) {
                throw access.corruption(pageId, "interior node child " + i + " is page "
                        + Integer.toUnsignedString(child) + ", not a page in 1.." + (pageLimit - 1) + " other than itself");
            }
            highestChild = Math.max(highestChild, child);
            if (i > 0 && i < count && key(page, i) <= key(page, i - 1)) {
                throw access.corruption(pageId, "interior node keys out of order: key " + i + " is " + key(page, i)
                        + " after " + key(page, i - 1));
            }
        }
        return highestChild;
    }

    private static long virtualKey(byte[] page, int keyIndex, long key, int j) {
        return j < keyIndex ? key(page, j) : j == keyIndex ? key : key(page, j - 1);
    }

    private static int virtualChild(byte[] page, int keyIndex, int rightChild, int j) {
        return j <= keyIndex ? child(page, j) : j == keyIndex + 1 ? rightChild : child(page, j - 1);
    }

    private static int entryOffset(int index) {
        return OFFSET_ENTRIES + ENTRY_SIZE * index;
    }

    private static int childOffset(int index) {
        return index == 0 ? OFFSET_CHILD0 : entryOffset(index - 1) + OFFSET_ENTRY_CHILD;
    }
}
