package dev.crashbench.engine.wal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * In-memory index of the current WAL generation: for each page id, the frames holding an image of
 * it, in ascending order, and for each frame where it lies in the file, how long it is, and how
 * many delta frames lead from the page's last full image to it (its depth: 0 for a full frame, see
 * {@link WalFrame}). A snapshot that may see the first {@code limit} frames finds its frame of a
 * page with one binary search, without scanning the WAL.
 *
 * <p>Not thread-safe: the pager guards it (and the generation it belongs to) with one lock.
 */
public final class WalIndex {
    /** The frames of one page, ascending; {@code count} of {@code frames} are in use. */
    private static final class FrameList {
        int[] frames = new int[4];
        int count;
    }

    private final Map<Integer, FrameList> pages = new HashMap<>();
    private int frameCount;
    /** Per frame: byte offset in the WAL file, length, depth; {@code frameCount} of each in use. */
    private long[] offsets = new long[16];
    private int[] lengths = new int[16];
    private int[] depths = new int[16];

    /**
     * Records that frame {@code frame} (the next one: frames arrive in order), a full frame at
     * {@link WalFrame#offset}{@code (frame)}, holds {@code pageId}: the frame of a WAL of full frames.
     */
    public void add(int pageId, int frame) {
        add(pageId, frame, WalFrame.offset(frame), WalFrame.SIZE, 0);
    }

    /**
     * Records that frame {@code frame} (the next one: frames arrive in order), {@code length} bytes at
     * {@code offset} of the WAL file, holds {@code pageId}, {@code depth} deltas after its last full
     * image (0 for a full frame).
     */
    public void add(int pageId, int frame, long offset, int length, int depth) {
        if (frame != frameCount) {
            throw new IllegalStateException("frame " + frame + " added out of order, expected " + frameCount);
        }
        if (frame == offsets.length) {
            offsets = Arrays.copyOf(offsets, frame * 2);
            lengths = Arrays.copyOf(lengths, frame * 2);
            depths = Arrays.copyOf(depths, frame * 2);
        }
        offsets[frame] = offset;
        lengths[frame] = length;
        depths[frame] = depth;
        FrameList list = pages.computeIfAbsent(pageId, id -> new FrameList());
        if (list.count == list.frames.length) {
            list.frames = Arrays.copyOf(list.frames, list.frames.length * 2);
        }
        list.frames[list.count++] = frame;
        frameCount++;
    }

    /** The newest frame below {@code limit} holding {@code pageId}, or -1 when there is none. */
    public int newest(int pageId, int limit) {
        FrameList list = pages.get(pageId);
        if (list == null) {
            return -1;
        }
        int lo = 0;
        int hi = list.count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (list.frames[mid] < limit) {
                found = list.frames[mid];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Every page id with at least one frame below {@code limit}. */
    public void forEachPage(int limit, IntConsumer action) {
        for (Map.Entry<Integer, FrameList> entry : pages.entrySet()) {
            if (entry.getValue().frames[0] < limit) {
                action.accept(entry.getKey());
            }
        }
    }

    /** Where frame {@code frame} (indexed) starts in the WAL file. */
    public long offset(int frame) {
        checkIndexed(frame);
        return offsets[frame];
    }

    /** The length in bytes of frame {@code frame} (indexed). */
    public int length(int frame) {
        checkIndexed(frame);
        return lengths[frame];
    }

    /** Deltas from the last full image of its page to frame {@code frame} (indexed): 0 for a full frame. */
    public int depth(int frame) {
        checkIndexed(frame);
        return depths[frame];
    }

    /** The byte offset just after the last indexed frame: where the next frame goes; {@code start} when none is indexed. */
    public long end(long start) {
        return frameCount == 0 ? start : offsets[frameCount - 1] + lengths[frameCount - 1];
    }

    private void checkIndexed(int frame) {
        if (frame < 0 || frame >= frameCount) {
            throw new IllegalArgumentException("frame " + frame + " is not indexed (" + frameCount + " are)");
        }
    }

    /** Frames indexed so far. */
    public int frameCount() {
        return frameCount;
    }

    public void clear() {
        pages.clear();
        frameCount = 0;
    }
}
