package dev.crashbench.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link VfsFile} that passes every call to the one it wraps; see {@link ForwardingVfs}. A
 * decorator overrides what it counts or records, e.g. {@code write}, and usually {@code map} to
 * wrap the region in a {@link ForwardingMappedRegion} of its own.
 */
public abstract class ForwardingVfsFile implements VfsFile {
    /** The wrapped file. */
    protected final VfsFile inner;

    protected ForwardingVfsFile(VfsFile inner) {
        this.inner = inner;
    }

    @Override
    public String path() {
        return inner.path();
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        return inner.read(offset, dst);
    }

    @Override
    public int write(long offset, ByteBuffer src) throws IOException {
        return inner.write(offset, src);
    }

    @Override
    public void sync(SyncMode mode) throws IOException {
        inner.sync(mode);
    }

    @Override
    public void truncate(long size) throws IOException {
        inner.truncate(size);
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public void allocate(long size) throws IOException {
        inner.allocate(size);
    }

    @Override
    public MappedRegion map(long offset, int length) throws IOException {
        return inner.map(offset, length);
    }

    @Override
    public VfsLock tryLockExclusive() throws IOException {
        return inner.tryLockExclusive();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
