package dev.crashbench.vfs.local;

import dev.crashbench.vfs.ErrnoException;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The system calls {@link LocalVfs} needs that differ between its backends. Everything else
 * (exists, delete, list, mkdir) goes through {@code java.nio.file.Files} for both.
 *
 * <p>Paths arrive twice: the real path to operate on and the VFS path to name in errors.
 * Implementations check nothing the caller already checked (closed handles, read-only
 * handles, negative offsets): {@link LocalFile} does that once for both.
 */
interface LocalIo {

    Backend backend();

    /** {@code open(2)} a regular file. */
    Handle open(Path file, String vfsPath, OpenMode mode) throws ErrnoException;

    /** {@code rename(2)}: atomically replaces {@code to}. */
    void rename(Path from, Path to, String vfsFrom, String vfsTo) throws ErrnoException;

    /** Opens the directory read-only and {@code fsync}s it. */
    void syncDirectory(Path dir, String vfsPath) throws ErrnoException;

    /** One open file descriptor. */
    interface Handle {

        /** One {@code pread}: returns the count read, 0 at end of file, and advances {@code dst}. */
        int pread(long offset, ByteBuffer dst) throws ErrnoException;

        /** One {@code pwrite} (or several for a large heap buffer); may be short; advances {@code src}. */
        int pwrite(long offset, ByteBuffer src) throws ErrnoException;

        void fdatasync() throws ErrnoException;

        void fsync() throws ErrnoException;

        /** Sets the size, growing with zeros. */
        void ftruncate(long size) throws ErrnoException;

        long size() throws ErrnoException;

        /** Reserves space for {@code [0, size)}; {@code size > 0}. Never shrinks. */
        void allocate(long size) throws ErrnoException;

        /**
         * Whether {@link #ftruncate} and {@link #allocate} grow the file by writing zeros past the
         * old end, rather than by one system call that never touches data. Such a grow would
         * overwrite a {@link #pwrite} running at the same time beyond the old end, so
         * {@link LocalFile} then runs those two calls alone.
         */
        boolean growsByWriting();

        /** {@code mmap(MAP_SHARED)} of a range already checked to lie inside the file. */
        MappedByteBuffer map(long offset, int length, boolean readOnly) throws ErrnoException;

        /**
         * Takes an exclusive lock on the whole file for this descriptor without waiting: true when
         * taken, false when another descriptor (of this process or another) holds a conflicting
         * lock. Called on a writable descriptor that does not hold it yet.
         */
        boolean tryLock() throws ErrnoException;

        /** Releases the lock this descriptor took. */
        void unlock() throws ErrnoException;

        /** Releases the descriptor, and with it its lock. Never syncs. Called once. */
        void close() throws ErrnoException;
    }
}
