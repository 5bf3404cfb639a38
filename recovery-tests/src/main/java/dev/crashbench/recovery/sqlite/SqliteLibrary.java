package dev.crashbench.recovery.sqlite;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The functions of SQLite's C API this package calls, bound by JNA to the system's shared
 * library ({@link SqliteNative} loads it). Strings cross as UTF-8 ({@link SqliteNative} sets
 * JNA's string encoding for this library); blobs as byte arrays copied by SQLite
 * ({@link #SQLITE_TRANSIENT}).
 */
interface SqliteLibrary extends Library {

    /** The destructor argument that tells SQLite to copy a bound value at once. */
    Pointer SQLITE_TRANSIENT = new Pointer(-1);

    String sqlite3_libversion();

    int sqlite3_open_v2(String filename, PointerByReference db, int flags, String vfsName);

    int sqlite3_close_v2(Pointer db);

    int sqlite3_extended_result_codes(Pointer db, int onoff);

    /** Variadic in C; used only for integer options such as {@link SqliteCodes#DBCONFIG_NO_CKPT_ON_CLOSE} (int, int*). */
    int sqlite3_db_config(Pointer db, int op, Object... args);

    int sqlite3_exec(Pointer db, String sql, Pointer callback, Pointer arg, Pointer errmsg);

    int sqlite3_prepare_v2(Pointer db, String sql, int nByte, PointerByReference stmt, Pointer tail);

    int sqlite3_bind_int64(Pointer stmt, int index, long value);

    int sqlite3_bind_blob(Pointer stmt, int index, byte[] value, int n, Pointer destructor);

    int sqlite3_bind_null(Pointer stmt, int index);

    int sqlite3_step(Pointer stmt);

    int sqlite3_column_type(Pointer stmt, int column);

    long sqlite3_column_int64(Pointer stmt, int column);

    Pointer sqlite3_column_blob(Pointer stmt, int column);

    int sqlite3_column_bytes(Pointer stmt, int column);

    String sqlite3_column_text(Pointer stmt, int column);

    int sqlite3_reset(Pointer stmt);

    int sqlite3_finalize(Pointer stmt);

    String sqlite3_errmsg(Pointer db);

    String sqlite3_errstr(int code);

    int sqlite3_extended_errcode(Pointer db);

    int sqlite3_vfs_register(Pointer vfs, int makeDefault);

    int sqlite3_vfs_unregister(Pointer vfs);

    /** Variadic in C; used only for {@link SqliteCodes#TESTCTRL_PRNG_SEED} (int seed, sqlite3* db). */
    int sqlite3_test_control(int op, Object... args);
}
