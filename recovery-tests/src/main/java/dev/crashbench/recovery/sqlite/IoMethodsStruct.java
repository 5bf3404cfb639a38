package dev.crashbench.recovery.sqlite;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * SQLite's {@code struct sqlite3_io_methods}, version 1: no shared-memory methods (the
 * connection runs WAL in exclusive locking mode, so SQLite keeps the wal-index in heap memory)
 * and no {@code xFetch} (so SQLite never memory-maps a file). One per {@link SqliteVfs}, written
 * to native memory once; every {@code sqlite3_file} it opens points at it.
 */
@Structure.FieldOrder({"iVersion", "xClose", "xRead", "xWrite", "xTruncate", "xSync", "xFileSize", "xLock",
        "xUnlock", "xCheckReservedLock", "xFileControl", "xSectorSize", "xDeviceCharacteristics"})
public final class IoMethodsStruct extends Structure {
    public int iVersion;
    public FileCall xClose;
    public ReadWrite xRead;
    public ReadWrite xWrite;
    public Truncate xTruncate;
    public FileIntCall xSync;
    public FileOutCall xFileSize;
    public FileIntCall xLock;
    public FileIntCall xUnlock;
    public FileOutCall xCheckReservedLock;
    public FileControl xFileControl;
    public FileCall xSectorSize;
    public FileCall xDeviceCharacteristics;

    public IoMethodsStruct() {
        setAutoSynch(false);
    }

    /** {@code int f(sqlite3_file*)}: xClose, xSectorSize, xDeviceCharacteristics. */
    public interface FileCall extends Callback {
        int invoke(Pointer file);
    }

    /** {@code int f(sqlite3_file*, void*, int iAmt, sqlite3_int64 iOfst)}: xRead, xWrite. */
    public interface ReadWrite extends Callback {
        int invoke(Pointer file, Pointer buffer, int amount, long offset);
    }

    /** {@code int xTruncate(sqlite3_file*, sqlite3_int64 size)} */
    public interface Truncate extends Callback {
        int invoke(Pointer file, long size);
    }

    /** {@code int f(sqlite3_file*, int)}: xSync (flags), xLock and xUnlock (level). */
    public interface FileIntCall extends Callback {
        int invoke(Pointer file, int argument);
    }

    /** {@code int f(sqlite3_file*, T *pOut)}: xFileSize (int64), xCheckReservedLock (int). */
    public interface FileOutCall extends Callback {
        int invoke(Pointer file, Pointer out);
    }

    /** {@code int xFileControl(sqlite3_file*, int op, void *pArg)} */
    public interface FileControl extends Callback {
        int invoke(Pointer file, int op, Pointer argument);
    }
}
