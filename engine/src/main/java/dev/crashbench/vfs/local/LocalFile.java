package dev.crashbench.vfs.local;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link VfsFile} over one backend descriptor. It owns the checks both backends share: closed
 * handle ({@link IllegalStateException}), read-only handle ({@link Errno#EBADF}), negative offsets
 * and sizes ({@link Errno#EINVAL}), and the map bounds.
 *
 * <p>Many threads may use one handle. Each call holds a read lock on the handle's life, and
 * {@link #close()} takes the write lock, so the descriptor is never closed under a running call;
 * a raw descriptor number closed early could otherwise be reused by another file and receive
 * its writes.
 *
 * <p>{@link #truncate} and {@link #allocate} take the write lock too when the backend grows a file
 * by writing zeros ({@link LocalIo.Handle#growsByWriting()}, the NIO backend): that backend reads
 * the size and then zero-fills from it, so a write past the old end landing in between would be
 * zeroed. {@code ftruncate} and {@code posix_fallocate} never touch data, so with JNA they keep
 * the read lock and run beside writes.
 *
 * <p>{@link #tryLockExclusive} and the lock's release take the write lock: they are rare, and
 * must not race {@link #close()}, which releases the lock with the descriptor.
 */
final class LocalFile implements VfsFile {
    private final String path;
    /** The real file, to name a lock's holder. */
    private final Path file;
    private final LocalIo.Handle handle;
    private final boolean readOnly;
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
    private boolean closed; // written under the write lock, read under the read lock
    private boolean locked; // written and read under the write lock

    LocalFile(String path, Path file, LocalIo.Handle handle, boolean readOnly) {
        this.path = path;
        this.file = file;
        this.handle = handle;
        this.readOnly = readOnly;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        enter();
        try {
            checkOffset(offset, "pread");
            int total = 0;
            while (dst.hasRemaining()) {
                int got = handle.pread(offset + total, dst);
                if (got == 0) {
                    break; // end of file: the only place a read may come back short
                }
                total += got;
            }
            return total;
        } finally {
            exit();
        }
    }

    @Override
    public int write(long offset, ByteBuffer src) throws IOException {
        enter();
        try {
            checkWritable("pwrite");
            checkOffset(offset, "pwrite");
            return handle.pwrite(offset, src);
        } finally {
            exit();
        }
    }

    @Override
    public void sync(SyncMode mode) throws IOException {
        enter();
        try {
            switch (mode) {
                case DATA -> handle.fdatasync();
                case FULL -> handle.fsync();
            }
        } finally {
            exit();
        }
    }

    @Override
    public void truncate(long size) throws IOException {
        Lock lock = enterToResize();
        try {
            checkWritable("ftruncate");
            if (size < 0) {
                throw new ErrnoException(Errno.EINVAL, "ftruncate", path, "negative size " + size);
            }
            handle.ftruncate(size);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long size() throws IOException {
        enter();
        try {
            return handle.size();
        } finally {
            exit();
        }
    }

    @Override
    public void allocate(long size) throws IOException {
        Lock lock = enterToResize();
        try {
            checkWritable("posix_fallocate");
            if (size < 0) {
                throw new ErrnoException(Errno.EINVAL, "posix_fallocate", path, "negative size " + size);
            }
            if (size > 0) {
                handle.allocate(size);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MappedRegion map(long offset, int length) throws IOException {
        enter();
        try {
            if (offset < 0 || length < 0) {
                throw new ErrnoException(Errno.EINVAL, "mmap", path,
                        "negative offset or length: offset " + offset + ", length " + length);
            }
            if (length == 0) {
                // Linux mmap(2) fails with EINVAL for length 0 (SimDisk agrees); FileChannel.map
                // would instead hand back an empty buffer without mapping anything.
                throw new ErrnoException(Errno.EINVAL, "mmap", path, "zero length");
            }
            long size = handle.size();
            if (offset + length > size) {
                throw new ErrnoException(Errno.EINVAL, "mmap", path,
                        "region [" + offset + ", " + (offset + length) + ") lies outside the file of " + size + " bytes");
            }
            return new LocalMappedRegion(path, offset, handle.map(offset, length, readOnly), readOnly);
        } finally {
            exit();
        }
    }

    @Override
    public VfsLock tryLockExclusive() throws IOException {
        Lock lock = enter(life.writeLock());
        try {
            if (locked) {
                throw new IllegalStateException("file " + path + " holds its lock already");
            }
            checkWritable("lock");
            if (!handle.tryLock()) {
                OptionalLong pid = LockHolders.of(file);
                throw new FileLockedException(path, holder(pid), pid);
            }
            locked = true;
            return new Held();
        } finally {
            lock.unlock();
        }
    }

    private static String holder(OptionalLong pid) {
        if (pid.isEmpty()) {
            return "another open file (its process is not visible here)";
        }
        return pid.getAsLong() == ProcessHandle.current().pid()
                ? "another open file of this process (pid " + pid.getAsLong() + ")"
                : "process " + pid.getAsLong();
    }

    /** The lock this handle took. */
    private final class Held implements VfsLock {
        private boolean released; // under the write lock: a released lock never releases a newer one

        @Override
        public String path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            life.writeLock().lock();
            try {
                if (released) {
                    return;
                }
                released = true;
                if (locked && !closed) {
                    handle.unlock();
                }
                locked = false;
            } finally {
                life.writeLock().unlock();
            }
        }
    }

    @Override
    public void close() throws IOException {
        life.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            locked = false; // closing the descriptor releases it
            handle.close();
        } finally {
            life.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "LocalFile[" + path + (readOnly ? ", read-only" : "") + "]";
    }

    private void enter() {
        enter(life.readLock());
    }

    /** Enters for truncate or allocate: alone when the backend grows by writing zeros. */
    private Lock enterToResize() {
        return enter(handle.growsByWriting() ? life.writeLock() : life.readLock());
    }

    private Lock enter(Lock lock) {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("file " + path + " is closed");
        }
        return lock;
    }

    private void exit() {
        life.readLock().unlock();
    }

    private void checkWritable(String operation) throws ErrnoException {
        if (readOnly) {
            throw new ErrnoException(Errno.EBADF, operation, path, "opened read-only");
        }
    }

    private void checkOffset(long offset, String operation) throws ErrnoException {
        if (offset < 0) {
            throw new ErrnoException(Errno.EINVAL, operation, path, "negative offset " + offset);
        }
    }
}
