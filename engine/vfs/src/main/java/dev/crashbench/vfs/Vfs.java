package dev.crashbench.vfs;

import java.io.IOException;
import java.util.List;

/**
 * The only way the engine touches storage. Paths are relative, {@code /}-separated names inside
 * the VFS's root ({@code "db/main.wal"}); {@code ""} is the root directory itself. See
 * {@link VfsPaths} for the rules.
 *
 * <p>Namespace changes ({@link #open} with create, {@link #createDirectory}, {@link #rename},
 * {@link #delete}) are durable only after {@link #syncDirectory} on the parent directory.
 * Failures are {@link ErrnoException}s.
 */
public interface Vfs {

    /** Opens (and with {@link OpenOption#CREATE} creates) a regular file. */
    VfsFile open(String path, OpenOption... options) throws IOException;

    /** Whether a file or directory exists at {@code path}. */
    boolean exists(String path) throws IOException;

    /** Removes a file or an empty directory; {@link Errno#ENOENT} when missing. Open handles stay usable. */
    void delete(String path) throws IOException;

    /** Renames, atomically replacing any file at {@code to} (POSIX {@code rename}). */
    void rename(String from, String to) throws IOException;

    /** Creates one directory; its parent must exist. {@link Errno#EEXIST} when it exists. */
    void createDirectory(String path) throws IOException;

    /**
     * Makes the directory's entries (creates, renames, deletes in it) durable: {@code fsync} on the
     * directory. {@link Errno#ENOTDIR} when {@code path} is a file.
     */
    void syncDirectory(String path) throws IOException;

    /** Names of the entries in a directory, sorted. */
    List<String> list(String path) throws IOException;

    /** The device guarantees this VFS declares. */
    DiskModel diskModel();

    /** One line naming the implementation and where it stores files, for reports. */
    String describe();
}
