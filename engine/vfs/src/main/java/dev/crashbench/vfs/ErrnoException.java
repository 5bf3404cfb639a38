package dev.crashbench.vfs;

import java.io.IOException;

/**
 * An I/O error that keeps the operating system's error number, so the engine can tell a full
 * disk ({@link Errno#ENOSPC}) from a media error ({@link Errno#EIO}) from a missing file.
 * Both VFS implementations, real and simulated, report failures this way.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final int code;
    private final String operation;
    private final String path;

    /**
     * @param code      the raw error number (kept even when {@link Errno} does not list it)
     * @param operation the call that failed, e.g. {@code "pwrite"} or {@code "fsync"}
     * @param path      the file or directory it was called on
     * @param detail    extra words for the message, or {@code null}
     */
    public ErrnoException(int code, String operation, String path, String detail) {
        super(message(Errno.fromCode(code), code, operation, path, detail));
        this.errno = Errno.fromCode(code);
        this.code = code;
        this.operation = operation;
        this.path = path;
    }

    public ErrnoException(Errno errno, String operation, String path, String detail) {
        this(errno.code(), operation, path, detail);
    }

    private static String message(Errno errno, int code, String operation, String path, String detail) {
        String name = errno == Errno.OTHER ? "errno " + code : errno.name();
        return name + " in " + operation + "(" + path + ")" + (detail == null ? "" : ": " + detail);
    }

    public Errno errno() {
        return errno;
    }

    /** The raw error number. */
    public int code() {
        return code;
    }

    public String operation() {
        return operation;
    }

    public String path() {
        return path;
    }
}
