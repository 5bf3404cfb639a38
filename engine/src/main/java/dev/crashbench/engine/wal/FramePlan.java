package dev.crashbench.engine.wal;

import java.util.Arrays;

/**
 * The frames of one {@link Wal#append}: which pages may go as a delta and against which base (set
 * by the caller), and where each frame went and how long it is (set by the append). One instance
 * is reused across commits, so a warm commit allocates nothing here.
 */
public final class FramePlan {
    private int count;
    private int[] baseFrames = new int[8];
    private byte[][] baseImages = new byte[8][];
    private int[] baseDepths = new int[8];
    private long[] offsets = new long[8];
    private int[] lengths = new int[8];
    private int[] depths = new int[8];

    /** Starts a plan of {@code count} frames, every one a full frame until {@link #allowDelta} says otherwise. */
    public void begin(int count) {
        if (count > baseFrames.length) {
            int capacity = Math.max(count, baseFrames.length * 2);
            baseFrames = new int[capacity];
            baseImages = new byte[capacity][];
            baseDepths = new int[capacity];
            offsets = new long[capacity];
            lengths = new int[capacity];
            depths = new int[capacity];
        }
        Arrays.fill(baseFrames, 0, count, -1);
        Arrays.fill(baseImages, 0, count, null);
        this.count = count;
    }

    /**
     * Lets frame {@code i} be a delta against {@code baseImage}, the image of frame {@code baseFrame}
     * of this generation, which is {@code baseDepth} deltas after its page's last full image. The
     * append still writes a full frame when the delta is too large ({@link DeltaCodec}).
     */
    public void allowDelta(int i, int baseFrame, byte[] baseImage, int baseDepth) {
        check(i);
        if (baseFrame < 0 || baseImage == null) {
            throw new IllegalArgumentException("a delta needs a base frame and its image");
        }
        baseFrames[i] = baseFrame;
        baseImages[i] = baseImage;
        baseDepths[i] = baseDepth;
    }

    /** Frames in the plan. */
    public int count() {
        return count;
    }

    /** The base frame frame {@code i} may be a delta against, or -1 when it must be full. */
    public int baseFrame(int i) {
        check(i);
        return baseFrames[i];
    }

    byte[] baseImage(int i) {
        return baseImages[i];
    }

    int baseDepth(int i) {
        return baseDepths[i];
    }

    /** Records where the append put frame {@code i}: {@code length} bytes at {@code offset}, {@code depth} deltas deep. */
    void placed(int i, long offset, int length, int depth) {
        offsets[i] = offset;
        lengths[i] = length;
        depths[i] = depth;
    }

    /** Where frame {@code i} starts in the WAL file (after the append). */
    public long offset(int i) {
        check(i);
        return offsets[i];
    }

    /** The length of frame {@code i} in bytes (after the append). */
    public int length(int i) {
        check(i);
        return lengths[i];
    }

    /** Deltas from the page's last full image to frame {@code i}: 0 when the append wrote it full. */
    public int depth(int i) {
        check(i);
        return depths[i];
    }

    /** How many of the frames the append wrote as deltas. */
    public int deltas() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (depths[i] > 0) {
                n++;
            }
        }
        return n;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("frame " + i + " of a plan of " + count);
        }
    }
}
