package dev.crashbench.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A memory-mapped window on a file ({@code mmap} with {@code MAP_SHARED}). Stores into it dirty
 * the file's pages like writes do; only {@link #sync} ({@code msync(MS_SYNC)}) or a sync of the
 * file makes them durable, and the kernel may write them back earlier at any time.
 *
 * <p>Access goes through {@link #read} and {@link #write} rather than a raw buffer so that a
 * simulated disk sees every store. Positions are relative to the start of the region; a range
 * outside the region, or any use after {@link #close}, is a programming error
 * ({@link IllegalArgumentException}, {@link IllegalStateException}), not an I/O error. Shrinking
 * the file below a mapped page makes access to it fault (SIGBUS on Linux): don't.
 */
public interface MappedRegion extends AutoCloseable {

    /** Offset of the region in the file. */
    long fileOffset();

    /** Length of the region in bytes. */
    int length();

    /** Copies {@code dst.remaining()} bytes at {@code position} into {@code dst}. */
    void read(int position, ByteBuffer dst) throws IOException;

    /** Stores {@code src.remaining()} bytes at {@code position}; they are not durable yet. */
    void write(int position, ByteBuffer src) throws IOException;

    /** Makes the dirty pages of {@code [position, position + length)} durable ({@code msync}). */
    void sync(int position, int length) throws IOException;

    /**
     * Releases the region; later calls on it throw. Never syncs: dirty pages stay pending in the
     * file. (The JVM cannot unmap on demand, so the real VFS drops its reference and the mapping
     * goes when the buffer is collected.)
     */
    @Override
    void close() throws IOException;

    /**
     * The contract's range rule, for implementations: throws {@link IllegalArgumentException}
     * unless {@code [position, position + count)} lies inside a region of {@code length} bytes.
     */
    static void checkRange(int position, int count, int length, String path) {
        if (position < 0 || count < 0 || (long) position + count > length) {
            throw new IllegalArgumentException("range [" + position + ", " + ((long) position + count)
                    + ") outside the mapped region of " + length + " bytes of " + path);
        }
    }
}
