package dev.crashbench.vfs;

/** How {@link Vfs#open} opens a file. With no option, the file must exist and is opened read-write. */
public enum OpenOption {
    /** Create the file if it does not exist ({@code O_CREAT}). */
    CREATE,
    /** Create the file, failing with {@link Errno#EEXIST} if it exists ({@code O_CREAT|O_EXCL}). */
    CREATE_NEW,
    /** Open for reading only; writes fail with {@link Errno#EBADF}. With {@link #CREATE}, a missing file is still created. */
    READ_ONLY,
    /** Every write is durable before it returns ({@code O_DSYNC}): a write and a data sync in one call. */
    DSYNC
}
