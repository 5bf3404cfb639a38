package dev.crashbench.bench.io;

import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file of a {@link CountingVfs}: counts what {@code write} reports written, delegates the rest. */
final class CountingFile implements VfsFile {
    private final VfsFile inner;
    private final CountingVfs counter;

    CountingFile(VfsFile inner, CountingVfs counter) {
        this.inner = inner;
        this.counter = counter;
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
        int n = inner.write(offset, src);
        counter.add(Math.max(n, 0));
        return n;
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
    public VfsLock tryLockExclusive() throws IOException {
        return inner.tryLockExclusive();
    }

    @Override
    public MappedRegion map(long offset, int length) throws IOException {
        return new CountingRegion(inner.map(offset, length), counter);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
