package dev.crashbench.engine.wal;

import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A read-ahead window over a WAL file for the scans that walk it from front to back (recovery's
 * {@link WalScan} and {@link Wal}'s epoch scan): frames of any length are read in batches of up to
 * {@link #BATCH_FRAMES} full frames, and a batch holding only whole full frames is cut where the
 * last of them ends, so a WAL of full frames is read in the same calls whatever its frames hold.
 */
final class WalWindow {
    /** Full frames' worth of bytes read per {@code pread}. */
    static final int BATCH_FRAMES = 16;

    private final VfsFile file;
    private final long size;
    private final byte[] buffer;
    private long start;
    private int length;

    /** A window over {@code file}, {@code size} bytes long; its buffer is no larger than the frames the file can hold. */
    WalWindow(VfsFile file, long size) {
        this.file = file;
        this.size = size;
        long frames = WalFrame.slotsIn(size);
        // No larger than the file: a recovery opens small WALs by the thousand.
        this.buffer = new byte[frames > 0 ? WalFrame.SIZE * (int) Math.min(BATCH_FRAMES, frames)
                : (int) Math.max(0, size - WalHeader.REGION_SIZE)];
    }

    /** The file's size when the window was made. */
    long size() {
        return size;
    }

    /**
     * Where bytes {@code offset .. offset+count-1} of the file are in {@link #buffer()}, reading them
     * first when the window does not hold them. They must lie within the file and {@code count} must
     * be at most one full frame.
     */
    int at(long offset, int count) throws IOException {
        if (offset + count > size || count > WalFrame.SIZE) {
            throw new IllegalArgumentException("bytes " + offset + "+" + count + " outside a window over " + size);
        }
        if (offset >= start && offset + count <= start + length) {
            return (int) (offset - start);
        }
        int want = (int) Math.min(buffer.length, size - offset);
        if (want >= WalFrame.SIZE) {
            want -= want % WalFrame.SIZE;
        }
        file.readFully(offset, ByteBuffer.wrap(buffer, 0, want));
        start = offset;
        length = want;
        return 0;
    }

    /** The window's bytes; valid until the next {@link #at}. */
    byte[] buffer() {
        return buffer;
    }
}
