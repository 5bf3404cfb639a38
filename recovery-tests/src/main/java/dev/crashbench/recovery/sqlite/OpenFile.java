package dev.crashbench.recovery.sqlite;

import dev.crashbench.vfs.VfsFile;

/**
 * The Java side of one {@code sqlite3_file} that a {@link SqliteVfs} opened: the native
 * structure holds only the io-methods pointer and {@link #id}, which finds this object.
 */
final class OpenFile {
    final long id;
    final String path;
    final VfsFile file;
    /**
     * Whether the first sync must also sync the parent directory: set for a journal or WAL that
     * this open created (as {@code os_unix.c} does), so the new file's name is durable by the time
     * SQLite relies on its content.
     */
    private boolean directorySyncOwed;

    OpenFile(long id, String path, VfsFile file, boolean directorySyncOwed) {
        this.id = id;
        this.path = path;
        this.file = file;
        this.directorySyncOwed = directorySyncOwed;
    }

    /** Whether the directory sync is still owed; the first call that says yes clears it. */
    boolean takeDirectorySync() {
        boolean owed = directorySyncOwed;
        directorySyncOwed = false;
        return owed;
    }
}
