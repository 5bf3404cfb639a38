package dev.crashbench.vfs.local;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * The portable backend: one {@link FileChannel} per handle. Where NIO has no equivalent of the
 * system call it stands in for, it comes as close as it can:
 *
 * <ul>
 *   <li>{@code fdatasync}/{@code fsync} are {@code force(false)}/{@code force(true)}, which the
 *       JDK implements with exactly those calls on Linux.</li>
 *   <li>{@code ftruncate} to a larger size writes one zero byte at the new last offset, since
 *       {@link FileChannel#truncate} only shrinks. The file reads the same, but that last block
 *       is allocated rather than a hole.</li>
 *   <li>{@code posix_fallocate} writes zeros from the current end of file to the new size. That
 *       reserves the extension, but not holes below the old end.</li>
 *   <li>Those two grows read the size, then write zeros from it, so a write past the old end
 *       landing in between would be zeroed. {@link LocalFile} runs them alone on their handle
 *       (see {@link Handle#growsByWriting()}); a write through another handle of the same file,
 *       or from another process, is not shut out and can still be lost that way.</li>
 *   <li>A read-only open with create first creates the file with {@link Files#createFile}, because
 *       {@link FileChannel#open} ignores {@code CREATE} for read-only channels.</li>
 *   <li>{@code syncDirectory} checks that the path is a directory, as {@code O_DIRECTORY} would.</li>
 *   <li>Errors are mapped back to errno by {@link NioErrors}.</li>
 * </ul>
 *
 * <p>Locks are {@link FileChannel#tryLock()}: a POSIX {@code fcntl} lock, which the operating system
 * gives to the process, not the handle. The JDK refuses a second lock on the same file within the
 * JVM ({@link OverlappingFileLockException}, reported here as a refusal), but the kernel drops the
 * process's lock when any descriptor of the file closes: opening and closing the locked file
 * through another handle while the lock is held lets another process take it. The JNA backend's
 * open-file-description locks have no such hole; both kinds conflict with each other.
 *
 * <p>Caveat: interrupting a thread during channel I/O closes the channel; later calls on the
 * handle fail with {@code EIO}.
 */
final class NioIo implements LocalIo {
    private static final int ZERO_CHUNK_BYTES = 64 << 10;

    @Override
    public Backend backend() {
        return Backend.NIO;
    }

    @Override
    public Handle open(Path file, String vfsPath, OpenMode mode) throws ErrnoException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.READ);
        try {
            if (mode.readOnly()) {
                if (mode.createNew()) {
                    Files.createFile(file);
                } else if (mode.create()) {
                    try {
                        Files.createFile(file);
                    } catch (FileAlreadyExistsException alreadyThere) {
                        // CREATE without CREATE_NEW opens an existing file.
                    }
                }
            } else {
                options.add(StandardOpenOption.WRITE);
                if (mode.createNew()) {
                    options.add(StandardOpenOption.CREATE_NEW);
                } else if (mode.create()) {
                    options.add(StandardOpenOption.CREATE);
                }
            }
            if (mode.dsync()) {
                options.add(StandardOpenOption.DSYNC);
            }
            return new Channel(FileChannel.open(file, options), vfsPath);
        } catch (IOException e) {
            throw NioErrors.toErrno(e, "open", vfsPath);
        }
    }

    @Override
    public void rename(Path from, Path to, String vfsFrom, String vfsTo) throws ErrnoException {
        try {
            // On Linux ATOMIC_MOVE is rename(2), which replaces an existing target atomically.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw NioErrors.toErrno(e, "rename", vfsFrom + " -> " + vfsTo);
        }
    }

    @Override
    public void syncDirectory(Path dir, String vfsPath) throws ErrnoException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            if (!Files.isDirectory(dir)) {
                // What O_DIRECTORY does for the JNA backend: a file is not silently synced instead.
                throw new ErrnoException(Errno.ENOTDIR, "open", vfsPath, null);
            }
            channel.force(true);
        } catch (IOException e) {
            throw NioErrors.toErrno(e, "fsync", vfsPath);
        }
    }

    /** An open {@link FileChannel}. */
    private static final class Channel implements Handle {
        private final FileChannel channel;
        private final String path;
        /** The lock this channel holds, or null. */
        private FileLock lock;

        Channel(FileChannel channel, String path) {
            this.channel = channel;
            this.path = path;
        }

        @Override
        public int pread(long offset, ByteBuffer dst) throws ErrnoException {
            try {
                return Math.max(0, channel.read(dst, offset)); // -1 at end of file
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "pread", path);
            }
        }

        @Override
        public int pwrite(long offset, ByteBuffer src) throws ErrnoException {
            try {
                return channel.write(src, offset);
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "pwrite", path);
            }
        }

        @Override
        public void fdatasync() throws ErrnoException {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "fdatasync", path);
            }
        }

        @Override
        public void fsync() throws ErrnoException {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "fsync", path);
            }
        }

        @Override
        public void ftruncate(long size) throws ErrnoException {
            try {
                long current = channel.size();
                if (size < current) {
                    channel.truncate(size);
                } else if (size > current) {
                    writeFully(ByteBuffer.allocate(1), size - 1);
                }
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "ftruncate", path);
            }
        }

        @Override
        public long size() throws ErrnoException {
            try {
                return channel.size();
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "fstat", path);
            }
        }

        @Override
        public void allocate(long size) throws ErrnoException {
            try {
                long at = channel.size();
                if (at >= size) {
                    return;
                }
                ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK_BYTES, size - at));
                while (at < size) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                    at += writeFully(zeros, at);
                }
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "posix_fallocate", path);
            }
        }

        @Override
        public boolean growsByWriting() {
            return true; // both grow paths above write zeros from a size read earlier
        }

        private int writeFully(ByteBuffer src, long offset) throws IOException {
            int total = 0;
            while (src.hasRemaining()) {
                total += channel.write(src, offset + total);
            }
            return total;
        }

        @Override
        public MappedByteBuffer map(long offset, int length, boolean readOnly) throws ErrnoException {
            try {
                return channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                        offset, length);
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "mmap", path);
            } catch (UncheckedIOException e) {
                throw NioErrors.toErrno(e, "mmap", path);
            }
        }

        @Override
        public boolean tryLock() throws ErrnoException {
            try {
                lock = channel.tryLock();
                return lock != null;
            } catch (OverlappingFileLockException heldInThisJvm) {
                return false; // another channel of this JVM holds it: a refusal like any other
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "fcntl(F_SETLK)", path);
            }
        }

        @Override
        public void unlock() throws ErrnoException {
            try {
                lock.release();
                lock = null;
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "fcntl(F_UNLCK)", path);
            }
        }

        @Override
        public void close() throws ErrnoException {
            try {
                channel.close();
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "close", path);
            }
        }
    }
}
