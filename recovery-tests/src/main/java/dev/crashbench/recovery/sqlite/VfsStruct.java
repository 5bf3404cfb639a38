package dev.crashbench.recovery.sqlite;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * SQLite's {@code struct sqlite3_vfs}, version 2 (version 1 plus {@code xCurrentTimeInt64}), laid
 * out as in {@code sqlite.h}. Filled once by {@link SqliteVfs} and written to native memory once
 * before registration; never read or written by JNA afterwards, because SQLite links its
 * {@code pNext} field into its own list of VFSes (so the structure is passed to SQLite as a bare
 * pointer, never as a {@link Structure} argument that JNA would write back).
 */
@Structure.FieldOrder({"iVersion", "szOsFile", "mxPathname", "pNext", "zName", "pAppData",
        "xOpen", "xDelete", "xAccess", "xFullPathname", "xDlOpen", "xDlError", "xDlSym", "xDlClose",
        "xRandomness", "xSleep", "xCurrentTime", "xGetLastError", "xCurrentTimeInt64"})
public final class VfsStruct extends Structure {
    public int iVersion;
    public int szOsFile;
    public int mxPathname;
    public Pointer pNext;
    public Pointer zName;
    public Pointer pAppData;
    public Open xOpen;
    public Delete xDelete;
    public Access xAccess;
    public FullPathname xFullPathname;
    public DlOpen xDlOpen;
    public DlError xDlError;
    public DlSym xDlSym;
    public DlClose xDlClose;
    public Randomness xRandomness;
    public Sleep xSleep;
    public CurrentTime xCurrentTime;
    public GetLastError xGetLastError;
    public CurrentTimeInt64 xCurrentTimeInt64;

    public VfsStruct() {
        setAutoSynch(false);
    }

    /** {@code int xOpen(sqlite3_vfs*, sqlite3_filename zName, sqlite3_file*, int flags, int *pOutFlags)} */
    public interface Open extends Callback {
        int invoke(Pointer vfs, Pointer name, Pointer file, int flags, Pointer outFlags);
    }

    /** {@code int xDelete(sqlite3_vfs*, const char *zName, int syncDir)} */
    public interface Delete extends Callback {
        int invoke(Pointer vfs, Pointer name, int syncDir);
    }

    /** {@code int xAccess(sqlite3_vfs*, const char *zName, int flags, int *pResOut)} */
    public interface Access extends Callback {
        int invoke(Pointer vfs, Pointer name, int flags, Pointer result);
    }

    /** {@code int xFullPathname(sqlite3_vfs*, const char *zName, int nOut, char *zOut)} */
    public interface FullPathname extends Callback {
        int invoke(Pointer vfs, Pointer name, int outSize, Pointer out);
    }

    /** {@code void *xDlOpen(sqlite3_vfs*, const char *zFilename)} */
    public interface DlOpen extends Callback {
        Pointer invoke(Pointer vfs, Pointer filename);
    }

    /** {@code void xDlError(sqlite3_vfs*, int nByte, char *zErrMsg)} */
    public interface DlError extends Callback {
        void invoke(Pointer vfs, int size, Pointer message);
    }

    /** {@code void (*xDlSym(sqlite3_vfs*, void*, const char *zSymbol))(void)} */
    public interface DlSym extends Callback {
        Pointer invoke(Pointer vfs, Pointer handle, Pointer symbol);
    }

    /** {@code void xDlClose(sqlite3_vfs*, void*)} */
    public interface DlClose extends Callback {
        void invoke(Pointer vfs, Pointer handle);
    }

    /** {@code int xRandomness(sqlite3_vfs*, int nByte, char *zOut)} */
    public interface Randomness extends Callback {
        int invoke(Pointer vfs, int size, Pointer out);
    }

    /** {@code int xSleep(sqlite3_vfs*, int microseconds)} */
    public interface Sleep extends Callback {
        int invoke(Pointer vfs, int micros);
    }

    /** {@code int xCurrentTime(sqlite3_vfs*, double*)}: a Julian day number. */
    public interface CurrentTime extends Callback {
        int invoke(Pointer vfs, Pointer julianDay);
    }

    /** {@code int xGetLastError(sqlite3_vfs*, int, char *)} */
    public interface GetLastError extends Callback {
        int invoke(Pointer vfs, int size, Pointer out);
    }

    /** {@code int xCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64*)}: Julian day times 86,400,000. */
    public interface CurrentTimeInt64 extends Callback {
        int invoke(Pointer vfs, Pointer julianMillis);
    }
}
