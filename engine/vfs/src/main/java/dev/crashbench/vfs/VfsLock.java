package dev.crashbench.vfs;

import java.io.IOException;

/**
 * An exclusive lock on a file, held by the {@link VfsFile} handle that took it
 * ({@link VfsFile#tryLockExclusive()}). It ends when it is closed, when its handle is closed, or
 * when the process holding it dies: a crash never leaves it behind.
 */
public interface VfsLock extends AutoCloseable {

    /** The path of the locked file, as its handle was opened. */
    String path();

    /** Releases the lock. Harmless twice, and after its handle was closed (which released it already). */
    @Override
    void close() throws IOException;
}
