package dev.crashbench.faultvfs;

import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;

import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file of a {@link SimDisk}; every call is a step of the disk's trace. */
final class SimFile implements VfsFile {
    private final SimDisk disk;
    private final int handle;
    private final long fileId;
    private final String path;
    private final boolean readOnly;
    private final boolean dsync;
    private volatile boolean closed;

    SimFile(SimDisk disk, int handle, long fileId, String path, boolean readOnly, boolean dsync) {
        this.disk = disk;
        this.handle = handle;
        this.fileId = fileId;
        this.path = path;
        this.readOnly = readOnly;
        this.dsync = dsync;
    }

    /** The step that opened this handle: how the trace names it. */
    int handle() {
        return handle;
    }

    long fileId() {
        return fileId;
    }

    boolean readOnly() {
        return readOnly;
    }

    boolean dsync() {
        return dsync;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        checkOpen();
        return disk.read(this, offset, dst);
    }

    @Override
    public int write(long offset, ByteBuffer src) throws IOException {
        checkOpen();
        return disk.write(this, offset, src);
    }

    @Override
    public void sync(SyncMode mode) throws IOException {
        checkOpen();
        disk.sync(this, mode);
    }

    @Override
    public void truncate(long size) throws IOException {
        checkOpen();
        disk.truncate(this, size);
    }

    @Override
    public long size() throws IOException {
        checkOpen();
        return disk.size(this);
    }

    @Override
    public void allocate(long size) throws IOException {
        checkOpen();
        disk.allocate(this, size);
    }

    @Override
    public MappedRegion map(long offset, int length) throws IOException {
        checkOpen();
        return disk.map(this, offset, length);
    }

    @Override
    public VfsLock tryLockExclusive() throws IOException {
        checkOpen();
        disk.lock(this);
        return new SimLock();
    }

    /** This handle's lock; released once, so it never releases a lock the handle took again later. */
    private final class SimLock implements VfsLock {
        private boolean released;

        @Override
        public String path() {
            return path;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                disk.unlock(SimFile.this);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            disk.close(this);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("file " + path + " (handle " + handle + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "SimFile[" + path + ", handle " + handle + (closed ? ", closed" : "") + "]";
    }
}
