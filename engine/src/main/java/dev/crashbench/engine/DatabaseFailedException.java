package dev.crashbench.engine;

import java.io.IOException;

/**
 * The database refused a write because an earlier write or sync failed. After a failed
 * {@code fsync} the kernel may have dropped the dirty pages it could not write, and a retried
 * sync can report success for data that is gone, so the engine stops writing (fail-stop) until
 * it is closed and reopened, which recovers from what is really on disk. The first failure is
 * the cause.
 */
public final class DatabaseFailedException extends IOException {
    public DatabaseFailedException(String path, Throwable firstFailure) {
        super("database " + path + " stopped accepting writes after an I/O failure; reopen it to recover: "
                + firstFailure, firstFailure);
    }
}
