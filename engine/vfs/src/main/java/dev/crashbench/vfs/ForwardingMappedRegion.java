package dev.crashbench.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A {@link MappedRegion} that passes every call to the one it wraps; see {@link ForwardingVfs}. */
public abstract class ForwardingMappedRegion implements MappedRegion {
    /** The wrapped region. */
    protected final MappedRegion inner;

    protected ForwardingMappedRegion(MappedRegion inner) {
        this.inner = inner;
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
        inner.write(position, src);
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
