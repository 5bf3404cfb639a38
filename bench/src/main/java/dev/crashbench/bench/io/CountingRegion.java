package dev.crashbench.bench.io;

import dev.crashbench.vfs.MappedRegion;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A mapping of a {@link CountingFile}: counts every byte stored through it, delegates the rest. */
final class CountingRegion implements MappedRegion {
    private final MappedRegion inner;
    private final CountingVfs counter;

    CountingRegion(MappedRegion inner, CountingVfs counter) {
        this.inner = inner;
        this.counter = counter;
    }

    @Override
    public long fileOffset() {
        return inner.fileOffset();
    }

    @Override
    public int length() {
        return inner.length();
    }

    @Override
    public void read(int position, ByteBuffer dst) throws IOException {
        inner.read(position, dst);
    }

    @Override
    public void write(int position, ByteBuffer src) throws IOException {
        int bytes = src.remaining();
        inner.write(position, src);
        counter.add(bytes);
    }

    @Override
    public void sync(int position, int length) throws IOException {
        inner.sync(position, length);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
