package dev.crashbench.bench.io;

import dev.crashbench.vfs.ForwardingMappedRegion;
import dev.crashbench.vfs.MappedRegion;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A mapping of a {@link CountingFile}: counts every byte stored through it. */
final class CountingRegion extends ForwardingMappedRegion {
    private final CountingVfs counter;

    CountingRegion(MappedRegion inner, CountingVfs counter) {
        super(inner);
        this.counter = counter;
    }

    @Override
    public void write(int position, ByteBuffer src) throws IOException {
        int bytes = src.remaining();
        inner.write(position, src);
        counter.add(bytes);
    }
}
