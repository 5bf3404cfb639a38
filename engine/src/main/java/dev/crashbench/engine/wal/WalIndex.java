package dev.crashbench.engine.wal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * In-memory index of the current WAL generation: for each page id, the frames holding an image of
 * it, in ascending order. A snapshot that may see the first {@code limit} frames finds its image of
 * a page with one binary search, without scanning the WAL.
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

    /** Records that frame {@code frame} (the next one: frames arrive in order) holds {@code pageId}. */
    public void add(int pageId, int frame) {
        if (frame != frameCount) {
            throw new IllegalStateException("frame " + frame + " added out of order, expected " + frameCount);
        }
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

    /** Frames indexed so far. */
    public int frameCount() {
        return frameCount;
    }

    public void clear() {
        pages.clear();
        frameCount = 0;
    }
}
