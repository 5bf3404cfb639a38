package dev.crashbench.engine;

/** When the engine syncs, and so which commits a power cut may take back. */
public enum Durability {
    /**
     * {@code fdatasync} of the WAL before every commit returns: an acknowledged commit survives any
     * power cut an honest disk can suffer. The default.
     */
    FULL,
    /**
     * Sync at checkpoints only: a power cut may lose the commits since the last checkpoint, but
     * recovery always yields a consistent prefix of the commit sequence.
     */
    NORMAL,
    /**
     * Never sync: fastest, survives a process crash (the OS keeps the page cache), and a power cut
     * may leave the database corrupt.
     */
    OFF
}
