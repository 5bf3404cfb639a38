package dev.crashbench.bench.storage;

/** The data directory is on a file system where durable figures mean nothing. */
public final class RefusedDirectoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedDirectoryException(String message) {
        super(message);
    }
}
