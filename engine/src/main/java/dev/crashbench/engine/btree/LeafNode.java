package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageBytes;

/**
 * A leaf page of a table B+tree: a slotted page of (int64 key, value) cells kept in key order.
 * Static helpers over the page image; nothing is decoded into objects, so reading or updating a
 * small value allocates nothing.
 *
 * <p>The slot array grows up from the header, the cell content grows down from
 * {@link Page#USABLE_SIZE}; the gap between them is free. A removed cell leaves a hole in the
 * content area that is only counted (fragmented bytes), not listed: {@link #compact} packs the
 * cells again when an insert needs the room. Slot order is key order; cell order in the content
 * area is arbitrary.
 *
 * <table>
 *   <caption>Leaf page header</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>page type, {@link Page#TYPE_LEAF}</td></tr>
 *   <tr><td>1</td><td>1</td><td>reserved, 0</td></tr>
 *   <tr><td>2</td><td>2</td><td>cell count n, u16</td></tr>
 *   <tr><td>4</td><td>2</td><td>start of cell content: lowest offset used by a cell, u16
 *       ({@link Page#USABLE_SIZE} when the page is empty)</td></tr>
 *   <tr><td>6</td><td>2</td><td>fragmented bytes: holes inside the cell content, u16</td></tr>
 *   <tr><td>8</td><td>2n</td><td>slot array: u16 offset of each cell, in ascending key order</td></tr>
 *   <tr><td>...</td><td></td><td>free gap, then cell content up to offset 4092</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Cell</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>8</td><td>key, int64, compared signed</td></tr>
 *   <tr><td>8</td><td>1</td><td>kind: {@link #KIND_INLINE} or {@link #KIND_OVERFLOW}</td></tr>
 *   <tr><td colspan="3">inline ({@value #INLINE_CELL_HEADER} + length bytes):</td></tr>
 *   <tr><td>9</td><td>2</td><td>value length, u16, at most {@link #MAX_INLINE_VALUE}</td></tr>
 *   <tr><td>11</td><td>length</td><td>value bytes</td></tr>
 *   <tr><td colspan="3">overflow ({@value #OVERFLOW_CELL_SIZE} bytes):</td></tr>
 *   <tr><td>9</td><td>4</td><td>total value length, u32, more than {@link #MAX_INLINE_VALUE}</td></tr>
 *   <tr><td>13</td><td>4</td><td>first page of the value's overflow chain, u32
 *       (see {@link dev.crashbench.engine.record.OverflowChain})</td></tr>
 * </table>
 *
 * <p>A value is inline exactly when its length is at most {@link #MAX_INLINE_VALUE}: one rule, so
 * a value has one encoding and the validator can reject the other. The threshold lets three
 * maximal inline cells share a page, so a split of a full page plus one cell always finds two
 * halves that fit.
 *
 * <p>Accessors trust the page: call {@link #validate} on every image read from the pager before
 * using the other methods. After validation no accessor can index outside the page.
 */
public final class LeafNode {
    public static final int OFFSET_TYPE = 0;
    public static final int OFFSET_RESERVED = 1;
    public static final int OFFSET_CELL_COUNT = 2;
    public static final int OFFSET_CONTENT_START = 4;
    public static final int OFFSET_FRAGMENTED = 6;
    public static final int OFFSET_SLOTS = 8;
    public static final int HEADER_SIZE = OFFSET_SLOTS;
    public static final int SLOT_SIZE = 2;

    public static final int OFFSET_CELL_KEY = 0;
    public static final int OFFSET_CELL_KIND = 8;
    public static final int OFFSET_CELL_VALUE_LENGTH = 9;
    public static final int OFFSET_CELL_VALUE = 11;
    public static final int OFFSET_CELL_TOTAL_LENGTH = 9;
    public static final int OFFSET_CELL_FIRST_OVERFLOW = 13;

    public static final byte KIND_INLINE = 0;
    public static final byte KIND_OVERFLOW = 1;
    /** Bytes of an inline cell before its value. */
    public static final int INLINE_CELL_HEADER = OFFSET_CELL_VALUE;
    public static final int OVERFLOW_CELL_SIZE = 17;
    /** Longest value stored inline; longer values live entirely in an overflow chain. */
    public static final int MAX_INLINE_VALUE = 1024;
    /** Bytes for slots and cells in an empty page. */
    public static final int CONTENT_CAPACITY = Page.USABLE_SIZE - HEADER_SIZE;
    /** Most cells a page can hold (all with empty values). */
    public static final int MAX_CELLS = CONTENT_CAPACITY / (INLINE_CELL_HEADER + SLOT_SIZE);
    /** Length of the scratch bitmap {@link #validate(byte[], int, PageAccess, long[])} needs. */
    public static final int BITMAP_LONGS = (Page.USABLE_SIZE + 63) / 64;

    private static final int SMALLEST_CELL = INLINE_CELL_HEADER;

    private LeafNode() {
    }

    /** Formats {@code page} as an empty leaf. Bytes beyond the header are left as they are. */
    public static void init(byte[] page) {
        page[OFFSET_TYPE] = Page.TYPE_LEAF;
        page[OFFSET_RESERVED] = 0;
        PageBytes.putU16(page, OFFSET_CELL_COUNT, 0);
        PageBytes.putU16(page, OFFSET_CONTENT_START, Page.USABLE_SIZE);
        PageBytes.putU16(page, OFFSET_FRAGMENTED, 0);
    }

    public static int cellCount(byte[] page) {
        return PageBytes.getU16(page, OFFSET_CELL_COUNT);
    }

    public static int contentStart(byte[] page) {
        return PageBytes.getU16(page, OFFSET_CONTENT_START);
    }

    public static int fragmentedBytes(byte[] page) {
        return PageBytes.getU16(page, OFFSET_FRAGMENTED);
    }

    /** Bytes available for new cells and their slots, counting holes that compaction recovers. */
    public static int freeBytes(byte[] page) {
        return contentStart(page) - slotsEnd(cellCount(page)) + fragmentedBytes(page);
    }

    /** Bytes the page needs: header, slots and cells, not counting holes. */
    public static int usedBytes(byte[] page) {
        return Page.USABLE_SIZE - freeBytes(page);
    }

    /** Offset of cell {@code index} within the page. */
    public static int cellOffset(byte[] page, int index) {
        return PageBytes.getU16(page, OFFSET_SLOTS + SLOT_SIZE * index);
    }

    public static long key(byte[] page, int index) {
        return PageBytes.getLong(page, cellOffset(page, index) + OFFSET_CELL_KEY);
    }

    public static boolean isOverflow(byte[] page, int index) {
        return page[cellOffset(page, index) + OFFSET_CELL_KIND] == KIND_OVERFLOW;
    }

    /** Length of the value, inline or not. */
    public static int valueLength(byte[] page, int index) {
        int cell = cellOffset(page, index);
        return page[cell + OFFSET_CELL_KIND] == KIND_OVERFLOW
                ? PageBytes.getInt(page, cell + OFFSET_CELL_TOTAL_LENGTH)
                : PageBytes.getU16(page, cell + OFFSET_CELL_VALUE_LENGTH);
    }

    /** Offset of an inline value's bytes. */
    public static int inlineValueOffset(byte[] page, int index) {
        return cellOffset(page, index) + OFFSET_CELL_VALUE;
    }

    /** First page of an overflow cell's chain. */
    public static int overflowPage(byte[] page, int index) {
        return PageBytes.getInt(page, cellOffset(page, index) + OFFSET_CELL_FIRST_OVERFLOW);
    }

    /** A copy of an inline value. */
    public static byte[] inlineValue(byte[] page, int index) {
        int offset = inlineValueOffset(page, index);
        byte[] value = new byte[valueLength(page, index)];
        System.arraycopy(page, offset, value, 0, value.length);
        return value;
    }

    public static int cellSize(byte[] page, int index) {
        return cellSizeAt(page, cellOffset(page, index));
    }

    /** Size of the cell that holds a value of {@code valueLength} bytes. */
    public static int cellSizeFor(int valueLength) {
        return valueLength <= MAX_INLINE_VALUE ? INLINE_CELL_HEADER + valueLength : OVERFLOW_CELL_SIZE;
    }

    /**
     * Index of {@code key}, or {@code -(insertion point) - 1} when absent, as
     * {@link java.util.Arrays#binarySearch(long[], long)}.
     */
    public static int find(byte[] page, long key) {
        int low = 0;
        int high = cellCount(page) - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midKey = key(page, mid);
            if (midKey < key) {
                low = mid + 1;
            } else if (midKey > key) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** Index of the first cell with a key at or above {@code key}; the cell count if none. */
    public static int lowerBound(byte[] page, long key) {
        int index = find(page, key);
        return index >= 0 ? index : -index - 1;
    }

    /** Whether a cell of {@code cellSize} bytes and its slot fit, compacting if needed. */
    public static boolean fits(byte[] page, int cellSize) {
        return freeBytes(page) >= cellSize + SLOT_SIZE;
    }

    /** Inserts an inline cell at slot {@code index}; the caller has checked {@link #fits}. */
    public static void insertInline(byte[] page, int index, long key, byte[] value) {
        if (value.length > MAX_INLINE_VALUE) {
            throw new IllegalArgumentException("value of " + value.length + " bytes is too long to be inline");
        }
        int cell = allocateCell(page, index, INLINE_CELL_HEADER + value.length);
        PageBytes.putLong(page, cell + OFFSET_CELL_KEY, key);
        page[cell + OFFSET_CELL_KIND] = KIND_INLINE;
        PageBytes.putU16(page, cell + OFFSET_CELL_VALUE_LENGTH, value.length);
        System.arraycopy(value, 0, page, cell + OFFSET_CELL_VALUE, value.length);
    }

    /** Inserts a cell referring to an overflow chain; the caller has checked {@link #fits}. */
    public static void insertOverflow(byte[] page, int index, long key, int totalLength, int firstPage) {
        if (totalLength <= MAX_INLINE_VALUE) {
            throw new IllegalArgumentException("value of " + totalLength + " bytes belongs inline");
        }
        int cell = allocateCell(page, index, OVERFLOW_CELL_SIZE);
        PageBytes.putLong(page, cell + OFFSET_CELL_KEY, key);
        page[cell + OFFSET_CELL_KIND] = KIND_OVERFLOW;
        PageBytes.putInt(page, cell + OFFSET_CELL_TOTAL_LENGTH, totalLength);
        PageBytes.putInt(page, cell + OFFSET_CELL_FIRST_OVERFLOW, firstPage);
    }

    /** Replaces an inline value by one of the same length, in place. */
    public static void overwriteInlineValue(byte[] page, int index, byte[] value) {
        if (isOverflow(page, index) || valueLength(page, index) != value.length) {
            throw new IllegalArgumentException("not an inline value of " + value.length + " bytes");
        }
        System.arraycopy(value, 0, page, inlineValueOffset(page, index), value.length);
    }

    /** Removes cell {@code index}; its bytes become a hole unless they border the free gap. */
    public static void remove(byte[] page, int index) {
        int count = cellCount(page);
        int cell = cellOffset(page, index);
        int size = cellSizeAt(page, cell);
        int slot = OFFSET_SLOTS + SLOT_SIZE * index;
        System.arraycopy(page, slot + SLOT_SIZE, page, slot, SLOT_SIZE * (count - index - 1));
        PageBytes.putU16(page, OFFSET_CELL_COUNT, count - 1);
        if (count == 1) {
            PageBytes.putU16(page, OFFSET_CONTENT_START, Page.USABLE_SIZE);
            PageBytes.putU16(page, OFFSET_FRAGMENTED, 0);
        } else if (cell == contentStart(page)) {
            PageBytes.putU16(page, OFFSET_CONTENT_START, cell + size);
        } else {
            PageBytes.putU16(page, OFFSET_FRAGMENTED, fragmentedBytes(page) + size);
        }
    }

    /**
     * Packs every cell against the end of the page so all free space is in the gap. Works in place
     * without allocating: sort the slots by cell offset, slide each cell up (highest first, so a
     * cell only ever moves over space already vacated), then sort the slots back into key order.
     */
    public static void compact(byte[] page) {
        int count = cellCount(page);
        heapSort(page, count, false);
        int top = Page.USABLE_SIZE;
        for (int i = 0; i < count; i++) {
            int cell = cellOffset(page, i);
            int size = cellSizeAt(page, cell);
            top -= size;
            System.arraycopy(page, cell, page, top, size);
            PageBytes.putU16(page, OFFSET_SLOTS + SLOT_SIZE * i, top);
        }
        heapSort(page, count, true);
        PageBytes.putU16(page, OFFSET_CONTENT_START, top);
        PageBytes.putU16(page, OFFSET_FRAGMENTED, 0);
    }

    /**
     * Moves cells {@code firstIndex..n-1} of {@code from} to the end of {@code to}; their keys must
     * all be above those already in {@code to}.
     */
    public static void moveTail(byte[] from, int firstIndex, byte[] to) {
        int count = cellCount(from);
        if (firstIndex == count) {
            return;
        }
        for (int i = firstIndex; i < count; i++) {
            appendCell(from, i, to);
        }
        PageBytes.putU16(from, OFFSET_CELL_COUNT, firstIndex);
        compact(from);
    }

    /** Appends every cell of {@code from} to {@code to}; keys in {@code from} must be the higher. */
    public static void appendAll(byte[] from, byte[] to) {
        int count = cellCount(from);
        for (int i = 0; i < count; i++) {
            appendCell(from, i, to);
        }
    }

    /**
     * Where to split a full page when inserting a cell of {@code newCellSize} at {@code index}: the
     * number of cells, counting the new one, that stay on the left. Both halves fit and hold at
     * least one cell; among such splits the most even by bytes wins. With {@code appending} (the
     * rightmost leaf of the tree receiving a new highest key) the new cell goes alone to the right,
     * so ascending inserts leave full pages behind.
     */
    public static int splitPoint(byte[] page, int index, int newCellSize, boolean appending) {
        int count = cellCount(page);
        if (appending && index == count) {
            return count;
        }
        int total = usedBytes(page) - HEADER_SIZE + newCellSize + SLOT_SIZE;
        int best = -1;
        int bestImbalance = Integer.MAX_VALUE;
        int left = 0;
        for (int split = 1; split <= count; split++) {
            int virtual = split - 1;
            int size = virtual < index ? cellSize(page, virtual)
                    : virtual == index ? newCellSize : cellSize(page, virtual - 1);
            left += size + SLOT_SIZE;
            int right = total - left;
            if (left <= CONTENT_CAPACITY && right <= CONTENT_CAPACITY && Math.abs(left - right) < bestImbalance) {
                best = split;
                bestImbalance = Math.abs(left - right);
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no split of " + (count + 1) + " cells fits two pages");
        }
        return best;
    }

    /** {@link #validate(byte[], int, PageAccess, long[])} with a fresh scratch bitmap. */
    public static void validate(byte[] page, int pageId, PageAccess access) throws CorruptDatabaseException {
        validate(page, pageId, access, new long[BITMAP_LONGS]);
    }

    /**
     * Throws {@link CorruptDatabaseException} unless the page is a well-formed leaf: header fields
     * in range, every cell inside the content area, cells not overlapping, holes adding up, each
     * cell of a known kind with a length that kind allows, overflow pages inside the file, keys
     * strictly ascending. {@code bitmap} (at least {@link #BITMAP_LONGS} longs) is scratch space
     * for the overlap check, so that validating allocates nothing.
     */
    public static void validate(byte[] page, int pageId, PageAccess access, long[] bitmap)
            throws CorruptDatabaseException {
        validate(page, pageId, access, bitmap, access.pageCount());
    }

    /**
     * {@link #validate(byte[], int, PageAccess, long[])} with overflow pages checked against
     * {@code pageLimit} instead of the page count ({@link Integer#MAX_VALUE}: only that they are
     * positive); returns the highest overflow page a cell refers to, 0 when none does.
     */
    static int validate(byte[] page, int pageId, PageAccess access, long[] bitmap, int pageLimit)
            throws CorruptDatabaseException {
        if (page[OFFSET_TYPE] != Page.TYPE_LEAF) {
            throw access.corruption(pageId, "page type " + page[OFFSET_TYPE] + " where a b-tree leaf was expected");
        }
        if (page[OFFSET_RESERVED] != 0) {
            throw access.corruption(pageId, "leaf reserved byte is " + page[OFFSET_RESERVED]);
        }
        int count = cellCount(page);
        if (count > MAX_CELLS) {
            throw access.corruption(pageId, "leaf claims " + count + " cells, at most " + MAX_CELLS + " fit");
        }
        int start = contentStart(page);
        if (start < slotsEnd(count) || start > Page.USABLE_SIZE) {
            throw access.corruption(pageId, "leaf cell content starts at " + start + ", outside "
                    + slotsEnd(count) + ".." + Page.USABLE_SIZE);
        }
        int fragmented = fragmentedBytes(page);
        java.util.Arrays.fill(bitmap, 0, BITMAP_LONGS, 0L);
        int cellBytes = 0;
        int highestReference = 0;
        long previousKey = 0;
        for (int i = 0; i < count; i++) {
            int cell = cellOffset(page, i);
            if (cell < start || cell > Page.USABLE_SIZE - SMALLEST_CELL) {
                throw access.corruption(pageId, "leaf cell " + i + " at offset " + cell + " lies outside the content area "
                        + start + ".." + Page.USABLE_SIZE);
            }
            int size = checkedCellSize(page, pageId, access, i, cell, pageLimit);
            if (page[cell + OFFSET_CELL_KIND] == KIND_OVERFLOW) {
                highestReference = Math.max(highestReference, PageBytes.getInt(page, cell + OFFSET_CELL_FIRST_OVERFLOW));
            }
            long key = PageBytes.getLong(page, cell + OFFSET_CELL_KEY);
            if (i > 0 && key <= previousKey) {
                throw access.corruption(pageId, "leaf keys out of order: cell " + i + " has key " + key
                        + " after " + previousKey);
            }
            previousKey = key;
            if (!markUsed(bitmap, cell, cell + size)) {
                throw access.corruption(pageId, "leaf cell " + i + " at offset " + cell + " overlaps another cell");
            }
            cellBytes += size;
        }
        if (cellBytes + fragmented != Page.USABLE_SIZE - start) {
            throw access.corruption(pageId, "leaf cells take " + cellBytes + " bytes and holes " + fragmented
                    + ", but the content area is " + (Page.USABLE_SIZE - start) + " bytes");
        }
        return highestReference;
    }

    private static int checkedCellSize(byte[] page, int pageId, PageAccess access, int index, int cell,
                                       int pageLimit) throws CorruptDatabaseException {
        byte kind = page[cell + OFFSET_CELL_KIND];
        if (kind == KIND_INLINE) {
            int length = PageBytes.getU16(page, cell + OFFSET_CELL_VALUE_LENGTH);
            if (length > MAX_INLINE_VALUE) {
                throw access.corruption(pageId, "leaf cell " + index + " holds " + length + " bytes inline, at most "
                        + MAX_INLINE_VALUE + " allowed");
            }
            if (cell + INLINE_CELL_HEADER + length > Page.USABLE_SIZE) {
                throw access.corruption(pageId, "leaf cell " + index + " at offset " + cell + " runs past the page end");
            }
            return INLINE_CELL_HEADER + length;
        }
        if (kind == KIND_OVERFLOW) {
            if (cell + OVERFLOW_CELL_SIZE > Page.USABLE_SIZE) {
                throw access.corruption(pageId, "leaf cell " + index + " at offset " + cell + " runs past the page end");
            }
            int length = PageBytes.getInt(page, cell + OFFSET_CELL_TOTAL_LENGTH);
            if (length <= MAX_INLINE_VALUE) {
                throw access.corruption(pageId, "leaf cell " + index + " puts a value of "
                        + Integer.toUnsignedString(length) + " bytes in an overflow chain");
            }
            int first = PageBytes.getInt(page, cell + OFFSET_CELL_FIRST_OVERFLOW);
            if (first <= 0 || first >= pageLimit) {
                throw access.corruption(pageId, "leaf cell " + index + " refers to overflow page "
                        + Integer.toUnsignedString(first) + ", outside 1.." + (pageLimit - 1));
            }
            return OVERFLOW_CELL_SIZE;
        }
        throw access.corruption(pageId, "leaf cell " + index + " has unknown kind " + kind);
    }

    /** Marks bits {@code from..to-1}; false if any was already marked. */
    private static boolean markUsed(long[] bitmap, int from, int to) {
        for (int bit = from; bit < to; ) {
            int word = bit >>> 6;
            int end = Math.min(to, (word + 1) << 6);
            long mask = (end - bit == 64) ? -1L : ((1L << (end - bit)) - 1) << (bit & 63);
            if ((bitmap[word] & mask) != 0) {
                return false;
            }
            bitmap[word] |= mask;
            bit = end;
        }
        return true;
    }

    private static int slotsEnd(int count) {
        return OFFSET_SLOTS + SLOT_SIZE * count;
    }

    private static int cellSizeAt(byte[] page, int cell) {
        return page[cell + OFFSET_CELL_KIND] == KIND_OVERFLOW
                ? OVERFLOW_CELL_SIZE
                : INLINE_CELL_HEADER + PageBytes.getU16(page, cell + OFFSET_CELL_VALUE_LENGTH);
    }

    private static void appendCell(byte[] from, int index, byte[] to) {
        int cell = cellOffset(from, index);
        int size = cellSizeAt(from, cell);
        int target = allocateCell(to, cellCount(to), size);
        System.arraycopy(from, cell, to, target, size);
    }

    /** Makes room for a cell and a slot at {@code index}; returns the cell's offset. */
    private static int allocateCell(byte[] page, int index, int size) {
        if (!fits(page, size)) {
            throw new IllegalStateException("a cell of " + size + " bytes does not fit: " + freeBytes(page) + " free");
        }
        int count = cellCount(page);
        if (contentStart(page) - size < slotsEnd(count + 1)) {
            compact(page);
        }
        int cell = contentStart(page) - size;
        int slot = OFFSET_SLOTS + SLOT_SIZE * index;
        System.arraycopy(page, slot, page, slot + SLOT_SIZE, SLOT_SIZE * (count - index));
        PageBytes.putU16(page, slot, cell);
        PageBytes.putU16(page, OFFSET_CELL_COUNT, count + 1);
        PageBytes.putU16(page, OFFSET_CONTENT_START, cell);
        return cell;
    }

    // In-place heap sort of the slot array, by key ascending or by cell offset descending.

    private static void heapSort(byte[] page, int count, boolean byKey) {
        for (int i = count / 2 - 1; i >= 0; i--) {
            siftDown(page, i, count, byKey);
        }
        for (int end = count - 1; end > 0; end--) {
            swapSlots(page, 0, end);
            siftDown(page, 0, end, byKey);
        }
    }

    private static void siftDown(byte[] page, int node, int count, boolean byKey) {
        while (true) {
            int child = 2 * node + 1;
            if (child >= count) {
                return;
            }
            if (child + 1 < count && sortKey(page, child + 1, byKey) > sortKey(page, child, byKey)) {
                child++;
            }
            if (sortKey(page, node, byKey) >= sortKey(page, child, byKey)) {
                return;
            }
            swapSlots(page, node, child);
            node = child;
        }
    }

    private static long sortKey(byte[] page, int index, boolean byKey) {
        return byKey ? key(page, index) : -cellOffset(page, index);
    }

    private static void swapSlots(byte[] page, int a, int b) {
        int slotA = OFFSET_SLOTS + SLOT_SIZE * a;
        int slotB = OFFSET_SLOTS + SLOT_SIZE * b;
        int offsetA = PageBytes.getU16(page, slotA);
        PageBytes.putU16(page, slotA, PageBytes.getU16(page, slotB));
        PageBytes.putU16(page, slotB, offsetA);
    }
}
