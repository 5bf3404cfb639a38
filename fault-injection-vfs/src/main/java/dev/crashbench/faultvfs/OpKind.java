package dev.crashbench.faultvfs;

/** Every kind of VFS call; each call is one numbered step of a {@link SimDisk}'s op trace. */
public enum OpKind {
    OPEN, CLOSE, READ, WRITE, SYNC, TRUNCATE, SIZE, ALLOCATE,
    MAP, MAPPED_READ, MAPPED_WRITE, MAPPED_SYNC, UNMAP,
    EXISTS, DELETE, RENAME, MKDIR, SYNC_DIR, LIST;

    /** Calls that put data into a file (and so can be short, misdirected, or out of space). */
    public boolean writesData() {
        return this == WRITE || this == MAPPED_WRITE;
    }

    /** Calls that ask for durability. */
    public boolean syncs() {
        return this == SYNC || this == MAPPED_SYNC || this == SYNC_DIR;
    }

    /** Calls that read data. */
    public boolean readsData() {
        return this == READ || this == MAPPED_READ;
    }

    /** Calls that operate on an open file rather than on a path. */
    public boolean onOpenFile() {
        return switch (this) {
            case READ, WRITE, SYNC, TRUNCATE, SIZE, ALLOCATE, MAP, CLOSE,
                 MAPPED_READ, MAPPED_WRITE, MAPPED_SYNC, UNMAP -> true;
            default -> false;
        };
    }
}
