package dev.crashbench.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file of a {@link Vfs}, with positional ({@code pread}/{@code pwrite}) I/O. There is no
 * file position: every call names its offset, so one handle can serve many threads.
 *
 * <p>What is durable: nothing written is durable until {@link #sync} returns (or the write was
 * made through a {@link OpenOption#DSYNC} handle). {@link #close()} never syncs.
 */
public interface VfsFile extends AutoCloseable {

    /** The path this file was opened under. */
    String path();

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code offset}. Returns the count read, which is
     * short only at the end of the file (0 when {@code offset >= size()}), and advances {@code dst}.
     */
    int read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Writes up to {@code src.remaining()} bytes at {@code offset}, extending the file if needed
     * (a gap reads as zeros; a write of zero bytes never extends it). Returns the count written, which may be short (a short write),
     * and advances {@code src} by it.
     */
    int write(long offset, ByteBuffer src) throws IOException;

    /** Makes every earlier write to this file durable; see {@link SyncMode}. */
    void sync(SyncMode mode) throws IOException;

    /** Sets the size: shrinking drops the tail, growing adds zeros ({@code ftruncate}). */
    void truncate(long size) throws IOException;

    /** The current size as readers see it (not necessarily the durable size). */
    long size() throws IOException;

    /**
     * Reserves space so the file is at least {@code size} bytes and later writes below that size
     * cannot fail for lack of space ({@code posix_fallocate}). Never shrinks.
     */
    void allocate(long size) throws IOException;

    /** Maps {@code [offset, offset + length)}, which must lie inside the file. */
    MappedRegion map(long offset, int length) throws IOException;

    /**
     * Takes an exclusive lock on the whole file for this handle, at once or not at all: it never
     * waits. The lock belongs to this handle, not to the process: another handle on the same file
     * is refused even in this process, and only this handle's {@link #close()}, the lock's own
     * {@link VfsLock#close()}, or the death of the process releases it, so a crash never leaves
     * a stale lock. Locks are advisory: they refuse other locks, not reads or writes.
     *
     * @return the lock, held until released
     * @throws FileLockedException   another handle holds a lock on the file; it names the holder where known
     * @throws ErrnoException        {@link Errno#EBADF} on a read-only handle, or what the system answered
     * @throws IllegalStateException when this handle holds its lock already, or is closed
     */
    VfsLock tryLockExclusive() throws IOException;

    /** Closes the handle, releasing its lock. Never syncs; closing twice is harmless. */
    @Override
    void close() throws IOException;

    /** Reads exactly {@code dst.remaining()} bytes, failing with {@link Errno#EINVAL} past the end of the file. */
    default void readFully(long offset, ByteBuffer dst) throws IOException {
        int wanted = dst.remaining();
        int got = read(offset, dst);
        if (got != wanted) {
            throw new ErrnoException(Errno.EINVAL, "pread", path(),
                    "read " + got + " of " + wanted + " bytes at offset " + offset + ": end of file");
        }
    }

    /**
     * Writes all of {@code src}, retrying after short writes. A write that makes no progress
     * fails with {@link Errno#EIO} rather than looping forever.
     */
    default void writeFully(long offset, ByteBuffer src) throws IOException {
        long at = offset;
        while (src.hasRemaining()) {
            int n = write(at, src);
            if (n <= 0) {
                throw new ErrnoException(Errno.EIO, "pwrite", path(),
                        "no progress at offset " + at + " with " + src.remaining() + " bytes left");
            }
            at += n;
        }
    }
}
