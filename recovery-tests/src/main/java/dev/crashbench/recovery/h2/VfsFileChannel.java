package dev.crashbench.recovery.h2;

import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import org.h2.store.fs.FileBaseDefault;

/**
 * The {@link FileChannel} H2's MVStore reads and writes a {@link VfsFilePath} through: one
 * {@link VfsFile}, with the position kept by H2's {@link FileBaseDefault}.
 *
 * <ul>
 *   <li>Positional {@code read}/{@code write} are {@code pread}/{@code pwrite} on the file (a
 *       short write is passed up: H2 loops until all is written); a read at or past the end
 *       returns -1, as a {@code FileChannel} does.</li>
 *   <li>{@link #force}: {@code force(true)} → {@link SyncMode#FULL} ({@code fsync}),
 *       {@code force(false)} → {@link SyncMode#DATA} ({@code fdatasync}), as the JDK's channel
 *       does on Linux.</li>
 *   <li>{@code truncate} only shrinks, as a {@code FileChannel}'s does.</li>
 *   <li>{@link #tryLock}: an exclusive lock is the file's {@link VfsFile#tryLockExclusive} (held
 *       elsewhere → {@code null}, which H2 reports as "the file is locked"). A shared lock, which
 *       H2 takes only for a store opened read-only, holds nothing on the {@code Vfs}: its locks are
 *       exclusive, and a read-only handle may not take one.</li>
 *   <li>Closing releases the lock and closes the file, which never syncs.</li>
 * </ul>
 */
final class VfsFileChannel extends FileBaseDefault {
    private final H2Disk disk;
    private final VfsFile file;
    private final boolean readOnly;

    VfsFileChannel(H2Disk disk, VfsFile file, boolean readOnly) {
        this.disk = disk;
        this.file = file;
        this.readOnly = readOnly;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n = disk.io(() -> file.read(position, dst));
        return n == 0 ? -1 : n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (readOnly) {
            throw new NonWritableChannelException();
        }
        return disk.io(() -> file.write(position, src));
    }

    @Override
    protected void implTruncate(long size) throws IOException {
        disk.io(() -> {
            if (size < file.size()) {
                file.truncate(size);
            }
        });
    }

    @Override
    public long size() throws IOException {
        return disk.io(file::size);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        // H2's own sync: whatever H2 wrote and did not sync may be lost at a power cut
        disk.io(() -> file.sync(metaData ? SyncMode.FULL : SyncMode.DATA));
    }

    @Override
    public synchronized FileLock tryLock(long position, long size, boolean shared) throws IOException {
        if (shared) {
            return new Lock(this, position, size, true, null);
        }
        try {
            return new Lock(this, position, size, false, disk.io(file::tryLockExclusive));
        } catch (FileLockedException e) {
            return null;
        }
    }

    @Override
    protected void implCloseChannel() throws IOException {
        disk.io(file::close);
    }

    @Override
    public String toString() {
        return "simdisk channel " + file.path();
    }

    /** A lock H2 holds on the channel; {@code held} is null for a shared one. */
    private final class Lock extends FileLock {
        private final VfsLock held;
        private boolean valid = true;

        Lock(FileChannel channel, long position, long size, boolean shared, VfsLock held) {
            super(channel, position, size, shared);
            this.held = held;
        }

        @Override
        public synchronized boolean isValid() {
            return valid && channel().isOpen();
        }

        @Override
        public synchronized void release() throws IOException {
            if (valid) {
                valid = false;
                if (held != null) {
                    disk.io(held::close);
                }
            }
        }
    }
}
