package dev.crashbench.recovery.sqlite;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;

import java.io.IOException;

/**
 * Turns a {@link dev.crashbench.vfs.Vfs} failure into the result code {@code os_unix.c} returns
 * for the same errno: a full disk is {@code SQLITE_FULL} (SQLite reports it as such and leaves
 * the database usable), anything else the I/O error of the method that failed
 * ({@code SQLITE_IOERR_WRITE}, {@code SQLITE_IOERR_FSYNC}, ...).
 */
final class IoErrors {
    private IoErrors() {
    }

    static int code(IOException failure, int ioErrorOfMethod) {
        if (failure instanceof ErrnoException errno && errno.errno() == Errno.ENOSPC) {
            return SqliteCodes.FULL;
        }
        return ioErrorOfMethod;
    }

    /** The raw errno for {@code xGetLastError}, 0 when the failure carries none. */
    static int errno(IOException failure) {
        return failure instanceof ErrnoException errno ? errno.code() : 0;
    }
}
