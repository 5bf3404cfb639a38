package dev.crashbench.vfs.local;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * Recovers the errno that a {@code java.nio} exception hides. The JDK throws a few
 * {@link FileSystemException} subclasses for well-known errors and otherwise puts
 * {@code strerror(errno)} in the message (the "reason"), so the number comes back from the
 * type first and the glibc message text second. What matches neither becomes {@link Errno#EIO}
 * with the original message as detail, and the original exception is kept as the cause.
 */
final class NioErrors {
    private static final int ELOOP = 40;

    /** glibc's English {@code strerror} texts for the numbers the engine tells apart. */
    private static final Map<String, Errno> STRERROR = Map.ofEntries(
            Map.entry("No space left on device", Errno.ENOSPC),
            Map.entry("Disk quota exceeded", Errno.EDQUOT),
            Map.entry("Input/output error", Errno.EIO),
            Map.entry("Directory not empty", Errno.ENOTEMPTY),
            Map.entry("Is a directory", Errno.EISDIR),
            Map.entry("Not a directory", Errno.ENOTDIR),
            Map.entry("File exists", Errno.EEXIST),
            Map.entry("No such file or directory", Errno.ENOENT),
            Map.entry("Permission denied", Errno.EACCES),
            Map.entry("Operation not permitted", Errno.EPERM),
            Map.entry("Read-only file system", Errno.EROFS),
            Map.entry("Invalid argument", Errno.EINVAL),
            Map.entry("File too large", Errno.EFBIG),
            Map.entry("File name too long", Errno.ENAMETOOLONG),
            Map.entry("Too many open files", Errno.EMFILE),
            Map.entry("Device or resource busy", Errno.EBUSY),
            Map.entry("Invalid cross-device link", Errno.EXDEV),
            Map.entry("Bad file descriptor", Errno.EBADF),
            Map.entry("Cannot allocate memory", Errno.ENOMEM),
            Map.entry("Operation not supported", Errno.EOPNOTSUPP));

    private NioErrors() {
    }

    /** The {@link ErrnoException} for a failed NIO call; an {@link ErrnoException} passes through. */
    static ErrnoException toErrno(IOException e, String operation, String vfsPath) {
        if (e instanceof ErrnoException already) {
            return already;
        }
        ErrnoException mapped = withoutCause(e, operation, vfsPath);
        mapped.initCause(e);
        return mapped;
    }

    /** As {@link #toErrno(IOException, String, String)}, for the unchecked wrapper {@code force} throws. */
    static ErrnoException toErrno(UncheckedIOException e, String operation, String vfsPath) {
        return toErrno(e.getCause(), operation, vfsPath);
    }

    private static ErrnoException withoutCause(IOException e, String operation, String vfsPath) {
        if (e instanceof NoSuchFileException) {
            return new ErrnoException(Errno.ENOENT, operation, vfsPath, null);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new ErrnoException(Errno.EEXIST, operation, vfsPath, null);
        }
        if (e instanceof DirectoryNotEmptyException) {
            return new ErrnoException(Errno.ENOTEMPTY, operation, vfsPath, null);
        }
        if (e instanceof AccessDeniedException) {
            return new ErrnoException(Errno.EACCES, operation, vfsPath, null);
        }
        if (e instanceof NotDirectoryException) {
            return new ErrnoException(Errno.ENOTDIR, operation, vfsPath, null);
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return new ErrnoException(Errno.EXDEV, operation, vfsPath, null);
        }
        if (e instanceof FileSystemLoopException) {
            return new ErrnoException(ELOOP, operation, vfsPath, null);
        }
        if (e instanceof ClosedByInterruptException) {
            // An interrupt during FileChannel I/O closes the channel for good: the handle is dead.
            return new ErrnoException(Errno.EIO, operation, vfsPath,
                    "thread interrupted during I/O; the JDK closed the channel");
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        Errno errno = fromStrerror(reason);
        if (errno != null) {
            return new ErrnoException(errno, operation, vfsPath, null);
        }
        return new ErrnoException(Errno.EIO, operation, vfsPath, String.valueOf(e.getMessage()));
    }

    /** The errno whose {@code strerror} text is {@code reason} (or contained in it), else null. */
    static Errno fromStrerror(String reason) {
        if (reason == null) {
            return null;
        }
        Errno exact = STRERROR.get(reason);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Errno> entry : STRERROR.entrySet()) {
            if (reason.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }
}
