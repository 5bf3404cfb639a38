package dev.crashbench.recovery.sqlite;

/**
 * The numbers of SQLite's C API that this package uses, under their names in {@code sqlite.h}
 * (values fixed by SQLite's stable ABI). Nothing else in the package writes a bare number.
 */
final class SqliteCodes {
    private SqliteCodes() {
    }

    // Primary result codes.
    static final int OK = 0;
    static final int ERROR = 1;
    static final int BUSY = 5;
    static final int IOERR = 10;
    static final int CORRUPT = 11;
    static final int NOTFOUND = 12;
    static final int FULL = 13;
    static final int CANTOPEN = 14;
    static final int NOTADB = 26;
    static final int ROW = 100;
    static final int DONE = 101;

    // Extended I/O error codes: SQLITE_IOERR | (n << 8).
    static final int IOERR_READ = IOERR | (1 << 8);
    static final int IOERR_SHORT_READ = IOERR | (2 << 8);
    static final int IOERR_WRITE = IOERR | (3 << 8);
    static final int IOERR_FSYNC = IOERR | (4 << 8);
    static final int IOERR_DIR_FSYNC = IOERR | (5 << 8);
    static final int IOERR_TRUNCATE = IOERR | (6 << 8);
    static final int IOERR_FSTAT = IOERR | (7 << 8);
    static final int IOERR_UNLOCK = IOERR | (8 << 8);
    static final int IOERR_DELETE = IOERR | (10 << 8);
    static final int IOERR_ACCESS = IOERR | (13 << 8);
    static final int IOERR_LOCK = IOERR | (15 << 8);
    static final int IOERR_CLOSE = IOERR | (16 << 8);
    static final int IOERR_DELETE_NOENT = IOERR | (23 << 8);

    // Flags of sqlite3_open_v2 and xOpen.
    static final int OPEN_READONLY = 0x00000001;
    static final int OPEN_READWRITE = 0x00000002;
    static final int OPEN_CREATE = 0x00000004;
    static final int OPEN_DELETEONCLOSE = 0x00000008;
    static final int OPEN_EXCLUSIVE = 0x00000010;
    static final int OPEN_MAIN_JOURNAL = 0x00000800;
    static final int OPEN_SUPER_JOURNAL = 0x00004000;
    static final int OPEN_WAL = 0x00080000;

    // xSync flags.
    static final int SYNC_DATAONLY = 0x00010;

    // xAccess flags.
    static final int ACCESS_EXISTS = 0;

    // Lock levels of xLock / xUnlock.
    static final int LOCK_NONE = 0;
    static final int LOCK_SHARED = 1;
    static final int LOCK_RESERVED = 2;
    static final int LOCK_PENDING = 3;
    static final int LOCK_EXCLUSIVE = 4;

    // xDeviceCharacteristics bits.
    static final int IOCAP_ATOMIC512 = 0x00000002;
    static final int IOCAP_SAFE_APPEND = 0x00000200;
    static final int IOCAP_POWERSAFE_OVERWRITE = 0x00001000;

    // Column types of sqlite3_column_type.
    static final int TYPE_NULL = 5;

    /** sqlite3_db_config op: whether the last connection's close skips the WAL checkpoint. */
    static final int DBCONFIG_NO_CKPT_ON_CLOSE = 1006;

    /** sqlite3_test_control op that seeds SQLite's process-wide PRNG. */
    static final int TESTCTRL_PRNG_SEED = 28;
}
