package dev.crashbench.engine.wal;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import java.util.Arrays;

/**
 * The delta a delta frame carries ({@link WalFrame#KIND_DELTA}, from {@link WalFrame#OFFSET_DELTA}):
 * the byte ranges in which a page's new image differs from its base image, and their new bytes.
 * Applying it to the base overwrites those ranges; bytes outside them are the base's.
 *
 * <table>
 *   <caption>Delta (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>2</td><td>range count {@code n} (0 when the page did not change)</td></tr>
 *   <tr><td>2</td><td>2</td><td>first range: offset in the page</td></tr>
 *   <tr><td>4</td><td>2</td><td>first range: length in bytes (at least 1)</td></tr>
 * </table>
 * The {@code n} ranges, four bytes each, follow one another from offset 2, in ascending page order
 * and without overlap; at offset {@code 2 + 4n} come their new bytes, range after range. Ranges are
 * byte-exact: a delta lives in the WAL and is never written over a page in place, so it needs no
 * alignment of its own; the frame that carries it is padded to whole sectors ({@link WalFrame}).
 *
 * <p>When a page gets a full frame instead (decided by the pager, documented here so the limits
 * sit beside the format): the first frame of a page in a WAL generation (a delta's base is always
 * an earlier frame of the same generation, never the database file); a page whose newest frame
 * already ends a chain of {@link #MAX_CHAIN} deltas (a reader rebuilds a page with one read per
 * delta); and a delta whose frame would exceed {@link #MAX_FRAME_BYTES} (half a full frame:
 * beyond that the bytes saved no longer pay for the rebuild).
 *
 * <p>Unchanged runs shorter than {@link #MERGE_GAP} bytes between two changes are carried inside
 * one range: a range costs four bytes of table.
 */
public final class DeltaCodec {
    public static final int OFFSET_COUNT = 0;
    public static final int OFFSET_RANGES = 2;
    /** Bytes per range in the table: offset and length. */
    public static final int RANGE_SIZE = 4;
    /** The smallest delta: an empty range table. */
    public static final int MIN_SIZE = OFFSET_RANGES;
    /** The longest delta frame, header and padding included: half a full frame. */
    public static final int MAX_FRAME_BYTES = 2048;
    /** The longest delta the frame can carry. */
    public static final int MAX_SIZE = MAX_FRAME_BYTES - WalFrame.OFFSET_DELTA;
    /** Deltas since the page's last full image after which the next frame of the page is full again. */
    public static final int MAX_CHAIN = 8;
    /** Unchanged bytes between two changes below which both go into one range. */
    public static final int MERGE_GAP = 8;

    private DeltaCodec() {
    }

    /**
     * Writes the delta from {@code base} to {@code image} (two page images) at {@code at} of
     * {@code out} and returns its size, or -1, writing nothing, when it would exceed
     * {@code capacity} bytes.
     */
    public static int encode(byte[] base, byte[] image, byte[] out, int at, int capacity) {
        int ranges = 0;
        int payload = 0;
        for (int from = 0; (from = nextChange(base, image, from)) < Page.SIZE; ) {
            int end = rangeEnd(base, image, from);
            ranges++;
            payload += end - from;
            from = end;
        }
        int size = OFFSET_RANGES + ranges * RANGE_SIZE + payload;
        if (size > capacity || at + size > out.length) {
            return -1;
        }
        PageBytes.putU16(out, at + OFFSET_COUNT, ranges);
        int entry = at + OFFSET_RANGES;
        int bytes = entry + ranges * RANGE_SIZE;
        for (int from = 0; (from = nextChange(base, image, from)) < Page.SIZE; ) {
            int end = rangeEnd(base, image, from);
            PageBytes.putU16(out, entry, from);
            PageBytes.putU16(out, entry + 2, end - from);
            System.arraycopy(image, from, out, bytes, end - from);
            entry += RANGE_SIZE;
            bytes += end - from;
            from = end;
        }
        return size;
    }

    /** The first offset at or after {@code from} where the images differ; {@link Page#SIZE} when none. */
    private static int nextChange(byte[] base, byte[] image, int from) {
        int i = Arrays.mismatch(base, from, Page.SIZE, image, from, Page.SIZE);
        return i < 0 ? Page.SIZE : from + i;
    }

    /** The end (exclusive) of the range starting at the change {@code start}: the last change it takes in, plus one. */
    private static int rangeEnd(byte[] base, byte[] image, int start) {
        int end = start + 1;
        while (end < Page.SIZE) {
            int next = nextChange(base, image, end);
            if (next >= Page.SIZE || next - end >= MERGE_GAP) {
                break;
            }
            end = next + 1;
        }
        return end;
    }

    /**
     * The size of the delta at {@code at} of {@code buf}, within {@code available} bytes, or -1
     * when it is not one {@link #encode} writes: a table or payload that runs past
     * {@code available}, a range empty, past the page's end, or not after the one before it.
     */
    public static int validate(byte[] buf, int at, int available) {
        if (available < MIN_SIZE) {
            return -1;
        }
        int ranges = PageBytes.getU16(buf, at + OFFSET_COUNT);
        long size = OFFSET_RANGES + (long) ranges * RANGE_SIZE;
        if (size > available) {
            return -1;
        }
        int previousEnd = 0;
        for (int r = 0; r < ranges; r++) {
            int entry = at + OFFSET_RANGES + r * RANGE_SIZE;
            int offset = PageBytes.getU16(buf, entry);
            int length = PageBytes.getU16(buf, entry + 2);
            if (length == 0 || offset < previousEnd || offset + length > Page.SIZE) {
                return -1;
            }
            previousEnd = offset + length;
            size += length;
        }
        return size <= available ? (int) size : -1;
    }

    /** Applies the delta at {@code at} of {@code buf}, which {@link #validate} accepted, to {@code image} in place. */
    public static void apply(byte[] buf, int at, byte[] image) {
        int ranges = PageBytes.getU16(buf, at + OFFSET_COUNT);
        int bytes = at + OFFSET_RANGES + ranges * RANGE_SIZE;
        for (int r = 0; r < ranges; r++) {
            int entry = at + OFFSET_RANGES + r * RANGE_SIZE;
            int offset = PageBytes.getU16(buf, entry);
            int length = PageBytes.getU16(buf, entry + 2);
            System.arraycopy(buf, bytes, image, offset, length);
            bytes += length;
        }
    }
}
