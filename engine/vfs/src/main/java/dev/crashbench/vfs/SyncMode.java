package dev.crashbench.vfs;

/**
 * How much of a file a {@link VfsFile#sync} makes durable.
 *
 * <p>Both modes make every earlier write to the file, and any size change needed to read it
 * back, durable before they return. Neither makes the file's directory entry durable: that
 * takes {@link Vfs#syncDirectory} on the parent.
 */
public enum SyncMode {
    /** {@code fdatasync}: data and the size; skips metadata not needed to read the data (mtime). */
    DATA,
    /** {@code fsync}: data and all of the inode's metadata. */
    FULL
}
