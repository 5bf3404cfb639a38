package dev.crashbench.vfs.local;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * A {@link MappedRegion} over a {@link MappedByteBuffer}. Reads and writes are absolute bulk
 * copies; {@link #sync} is {@link MappedByteBuffer#force(int, int)}, i.e. {@code msync(MS_SYNC)}
 * on the pages of the range.
 *
 * <p>The mapping outlives the file handle, as {@code mmap} outlives {@code close}. Java cannot
 * unmap on demand, so {@link #close()} only drops the reference (the pages stay dirty and
 * pending, and are unmapped when the buffer is collected). A range outside the region is a
 * programming error and throws {@link IllegalArgumentException}, as the simulated disk does.
 * Truncating the file below a
 * mapped page makes access to that page fault, which the JVM reports as an
 * {@link InternalError}, as a C program would get {@code SIGBUS}.
 */
final class LocalMappedRegion implements MappedRegion {
    private final String path;
    private final long fileOffset;
    private final int length;
    private final boolean readOnly;
    private volatile MappedByteBuffer buffer;

    LocalMappedRegion(String path, long fileOffset, MappedByteBuffer buffer, boolean readOnly) {
        this.path = path;
        this.fileOffset = fileOffset;
        this.length = buffer.capacity();
        this.buffer = buffer;
        this.readOnly = readOnly;
    }

    @Override
    public long fileOffset() {
        return fileOffset;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void read(int position, ByteBuffer dst) {
        MappedByteBuffer mapped = open();
        int n = dst.remaining();
        checkRange(position, n);
        dst.put(dst.position(), mapped, position, n);
        dst.position(dst.position() + n);
    }

    @Override
    public void write(int position, ByteBuffer src) throws ErrnoException {
        MappedByteBuffer mapped = open();
        if (readOnly) {
            throw new ErrnoException(Errno.EBADF, "store", path, "region mapped from a read-only handle");
        }
        int n = src.remaining();
        checkRange(position, n);
        mapped.put(position, src, src.position(), n);
        src.position(src.position() + n);
    }

    @Override
    public void sync(int position, int length) throws ErrnoException {
        MappedByteBuffer mapped = open();
        checkRange(position, length);
        try {
            mapped.force(position, length);
        } catch (UncheckedIOException e) {
            throw NioErrors.toErrno(e, "msync", path);
        }
    }

    @Override
    public void close() {
        buffer = null;
    }

    @Override
    public String toString() {
        return "LocalMappedRegion[" + path + " @" + fileOffset + " +" + length + "]";
    }

    private void checkRange(int position, int count) {
        MappedRegion.checkRange(position, count, length, path);
    }

    private MappedByteBuffer open() {
        MappedByteBuffer mapped = buffer;
        if (mapped == null) {
            throw new IllegalStateException("region [" + fileOffset + ", " + (fileOffset + length)
                    + ") of file " + path + " is closed");
        }
        return mapped;
    }
}
