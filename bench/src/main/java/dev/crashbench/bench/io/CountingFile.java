package dev.crashbench.bench.io;

import dev.crashbench.vfs.ForwardingVfsFile;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file of a {@link CountingVfs}: counts what {@code write} reports written, and its mappings' stores. */
final class CountingFile extends ForwardingVfsFile {
    private final CountingVfs counter;

    CountingFile(VfsFile inner, CountingVfs counter) {
        super(inner);
        this.counter = counter;
    }

    @Override
    public int write(long offset, ByteBuffer src) throws IOException {
        int n = inner.write(offset, src);
        counter.add(Math.max(n, 0));
        return n;
    }

    @Override
    public MappedRegion map(long offset, int length) throws IOException {
        return new CountingRegion(inner.map(offset, length), counter);
    }
}
