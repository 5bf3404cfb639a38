package dev.crashbench.faultvfs;

import dev.crashbench.vfs.MappedRegion;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A mapped window of a {@link SimFile}; every store is a pending write until synced. */
final class SimMappedRegion implements MappedRegion {
    private final SimDisk disk;
    private final SimFile file;
    private final int id;
    private final long fileOffset;
    private final int length;
    private volatile boolean closed;

    SimMappedRegion(SimDisk disk, SimFile file, int id, long fileOffset, int length) {
        this.disk = disk;
        this.file = file;
        this.id = id;
        this.fileOffset = fileOffset;
        this.length = length;
    }

    SimFile file() {
        return file;
    }

    /** The step that mapped this region: how the trace names it. */
    int id() {
        return id;
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
    public void read(int position, ByteBuffer dst) throws IOException {
        checkRange(position, dst.remaining());
        disk.mappedRead(this, position, dst);
    }

    @Override
    public void write(int position, ByteBuffer src) throws IOException {
        checkRange(position, src.remaining());
        disk.mappedWrite(this, position, src);
    }

    @Override
    public void sync(int position, int length) throws IOException {
        checkRange(position, length);
        disk.mappedSync(this, position, length);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            disk.unmap(this);
        }
    }

    private void checkRange(int position, int count) {
        if (closed) {
            throw new IllegalStateException("mapped region of " + file.path() + " (id " + id + ") is unmapped");
        }
        MappedRegion.checkRange(position, count, length, file.path());
    }
}
