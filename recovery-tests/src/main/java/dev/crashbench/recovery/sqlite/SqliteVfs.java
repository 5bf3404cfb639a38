package dev.crashbench.recovery.sqlite;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code sqlite3_vfs} registered with the system's SQLite whose files are the files of a
 * crashbench {@link Vfs} (a SimDisk above all): SQLite's own pager, journal, WAL and recovery run
 * unchanged, and every read, write, sync, truncate, create and delete they do is one call on the
 * {@code Vfs}, so a simulated power cut strikes SQLite exactly as it strikes any engine.
 *
 * <h2>What each method does</h2>
 * <ul>
 *   <li>Names: SQLite sees {@code "/" + path}; {@code xFullPathname} adds the slash, every other
 *       method takes it off. A temporary file SQLite opens without a name gets {@code etilqs-N}.</li>
 *   <li>{@code xOpen}: {@code SQLITE_OPEN_CREATE} → {@link OpenOption#CREATE} ({@code EXCLUSIVE} →
 *       {@link OpenOption#CREATE_NEW}), {@code READONLY} → {@link OpenOption#READ_ONLY};
 *       {@code DELETEONCLOSE} unlinks the name at once, as {@code os_unix.c} does (the open handle
 *       stays usable). A journal or WAL it creates owes a directory sync at its first sync, as in
 *       {@code os_unix.c}: SQLite relies on the VFS for that one.</li>
 *   <li>{@code xDelete}: unlink; with {@code syncDir} (SQLite sets it for {@code synchronous=EXTRA})
 *       a directory sync, so the unlink is durable.</li>
 *   <li>{@code xAccess}: whether the name exists (for {@code SQLITE_ACCESS_EXISTS}, a file must also
 *       be non-empty, as in {@code os_unix.c}: a truncated journal is no journal).</li>
 *   <li>{@code xRead}: a short read zero-fills the rest and returns {@code SQLITE_IOERR_SHORT_READ};
 *       {@code xWrite} writes all (retrying short writes); {@code xTruncate}; {@code xFileSize};
 *       {@code xSync}: {@code SQLITE_SYNC_DATAONLY} → {@link SyncMode#DATA}, else
 *       {@link SyncMode#FULL}.</li>
 *   <li>Locks: the five levels kept in Java ({@link LockTable}); one process, so nothing is asked of
 *       the {@code Vfs}. {@code xFileControl} knows no opcode ({@code SQLITE_NOTFOUND}).</li>
 *   <li>{@code xSectorSize} and {@code xDeviceCharacteristics}: the {@code Vfs}'s {@link DiskModel}
 *       ({@link DeviceCharacteristics}).</li>
 *   <li>No shared memory and no memory mapping (io methods version 1): a connection in WAL mode must
 *       use {@code locking_mode=EXCLUSIVE} so that SQLite keeps the wal-index in heap memory
 *       ({@link SqliteOnVfs} does).</li>
 *   <li>{@code xRandomness}, {@code xCurrentTime}, {@code xCurrentTimeInt64}, {@code xSleep}: from the
 *       seed given at registration ({@link SeededEnvironment}), never the machine.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * An {@link IOException} of the {@code Vfs} becomes the result code {@code os_unix.c} would return
 * ({@link IoErrors}); SQLite handles it as it handles a real one. An unchecked exception is not an
 * I/O error SQLite should see: a SimDisk power cut (the program stops there) or a broken contract.
 * The callback keeps the first one ({@link #escaped()}) and returns an I/O error so that SQLite
 * unwinds; {@link SqliteOnVfs} rethrows it once the failing {@code sqlite3_*} call has returned, and
 * on every later call. No exception ever crosses into native code.
 *
 * <h2>Turns</h2>
 * Each callback gives up its connection's turn at SQLite while the {@code Vfs} works and takes a
 * new one before it returns ({@link SqliteTurns}), so recoveries that a SimDisk hook runs meanwhile
 * neither deadlock nor change what this connection draws from SQLite's random number generator.
 *
 * <h2>Lifetime</h2>
 * SQLite's list of VFSes is process-wide, so each registration gets a unique name
 * ({@code crashbench-N}) and stays in a process-wide set while registered: JNA callbacks that the
 * garbage collector took would crash the JVM when SQLite calls them. {@link #close()} unregisters;
 * every connection on it must be closed first.
 */
public final class SqliteVfs implements AutoCloseable {
    /** The longest path SQLite may hand over, with its slash. */
    static final int MAX_PATHNAME = 512;
    private static final AtomicLong REGISTRATIONS = new AtomicLong();
    /** Registrations SQLite may still call: kept reachable so their callbacks are never collected. */
    private static final Set<SqliteVfs> LIVE = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Vfs vfs;
    private final DiskModel diskModel;
    private final int deviceCharacteristics;
    private final SeededEnvironment environment;
    private final SqliteTurns turns;
    private final LockTable locks = new LockTable();
    private final Map<Long, OpenFile> files = new ConcurrentHashMap<>();
    private final AtomicLong nextFileId = new AtomicLong(1);
    private final AtomicLong nextTempName = new AtomicLong(1);
    private final Memory nativeName;
    private final IoMethodsStruct ioMethods = new IoMethodsStruct();
    private final VfsStruct struct = new VfsStruct();

    private volatile Throwable escaped;
    private volatile IOException lastError;
    /** I/O errors of the {@code Vfs} that SQLite was told of, so far. */
    private final java.util.concurrent.atomic.AtomicLong ioErrors = new java.util.concurrent.atomic.AtomicLong();
    private boolean registered;

    private SqliteVfs(Vfs vfs, long seed) {
        this.name = "crashbench-" + REGISTRATIONS.incrementAndGet();
        this.vfs = vfs;
        this.diskModel = vfs.diskModel();
        this.deviceCharacteristics = DeviceCharacteristics.of(diskModel);
        this.environment = new SeededEnvironment(seed);
        this.turns = new SqliteTurns(seed);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.nativeName = new Memory(nameBytes.length + 1L);
        nativeName.write(0, nameBytes, 0, nameBytes.length);
        nativeName.setByte(nameBytes.length, (byte) 0);
        fillIoMethods();
        fillVfs();
    }

    /**
     * Registers a VFS over {@code vfs} whose randomness and clock come from {@code seed}.
     *
     * @throws IllegalStateException when SQLite is not available ({@link SqliteNative#unavailableReason()})
     */
    public static SqliteVfs register(Vfs vfs, long seed) {
        SqliteLibrary lib = SqliteNative.library();
        SqliteVfs registration = new SqliteVfs(vfs, seed);
        LIVE.add(registration);
        int rc = lib.sqlite3_vfs_register(registration.struct.getPointer(), 0);
        if (rc != SqliteCodes.OK) {
            LIVE.remove(registration);
            throw new IllegalStateException("sqlite3_vfs_register(" + registration.name + ") failed: "
                    + lib.sqlite3_errstr(rc));
        }
        registration.registered = true;
        return registration;
    }

    /** The name SQLite knows this VFS by ({@code zVfs} of {@code sqlite3_open_v2}). */
    public String name() {
        return name;
    }

    /** The files' VFS. */
    public Vfs vfs() {
        return vfs;
    }

    /** The first unchecked exception the {@code Vfs} threw inside a callback (a power cut), or null. */
    public Throwable escaped() {
        return escaped;
    }

    /** Rethrows {@link #escaped()}, if any, as it was thrown. */
    void rethrowEscaped() {
        Throwable t = escaped;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /**
     * A turn at SQLite for a connection on this VFS ({@link SqliteTurns}): every call into SQLite
     * that may run its pager is made inside one, so its random draws come from this registration's
     * seed alone.
     */
    SqliteTurns.Turn turn() {
        return turns.take();
    }

    /** How many I/O errors of the {@code Vfs} SQLite has been told of (as result codes) so far. */
    long ioErrors() {
        return ioErrors.get();
    }

    /** The last I/O error of the {@code Vfs}, or null. */
    IOException lastError() {
        return lastError;
    }

    private void noteError(IOException e) {
        lastError = e;
        ioErrors.incrementAndGet();
    }

    /** How many files SQLite holds open on this VFS. */
    public int openFiles() {
        return files.size();
    }

    /**
     * Unregisters this VFS. Every connection on it must be closed first.
     *
     * @throws IllegalStateException when SQLite still holds files open on it
     */
    @Override
    public synchronized void close() {
        if (!registered) {
            return;
        }
        if (!files.isEmpty()) {
            throw new IllegalStateException("VFS " + name + " still has " + files.size()
                    + " open file(s): close every connection on it first");
        }
        SqliteNative.library().sqlite3_vfs_unregister(struct.getPointer());
        registered = false;
        LIVE.remove(this);
    }

    // ------------------------------------------------------------------ structures

    private void fillVfs() {
        struct.iVersion = 2;
        struct.szOsFile = Native.POINTER_SIZE + Long.BYTES; // pMethods, then the OpenFile id
        struct.mxPathname = MAX_PATHNAME;
        struct.zName = nativeName;
        struct.xOpen = this::open;
        struct.xDelete = this::delete;
        struct.xAccess = this::access;
        struct.xFullPathname = this::fullPathname;
        struct.xDlOpen = (vfs, filename) -> null;
        struct.xDlError = this::dlError;
        struct.xDlSym = (vfs, handle, symbol) -> null;
        struct.xDlClose = (vfs, handle) -> { };
        struct.xRandomness = this::randomness;
        struct.xSleep = (vfs, micros) -> {
            environment.sleep(micros);
            return micros;
        };
        struct.xCurrentTime = (vfs, out) -> {
            out.setDouble(0, environment.julianMillis() / 86_400_000.0);
            return SqliteCodes.OK;
        };
        struct.xGetLastError = this::lastError;
        struct.xCurrentTimeInt64 = (vfs, out) -> {
            out.setLong(0, environment.julianMillis());
            return SqliteCodes.OK;
        };
        struct.write();
    }

    private void fillIoMethods() {
        ioMethods.iVersion = 1;
        ioMethods.xClose = this::closeFile;
        ioMethods.xRead = this::read;
        ioMethods.xWrite = this::write;
        ioMethods.xTruncate = this::truncate;
        ioMethods.xSync = this::sync;
        ioMethods.xFileSize = this::fileSize;
        ioMethods.xLock = (file, level) -> guarded(SqliteCodes.IOERR_LOCK,
                () -> locks.lock(fileOf(file).path, fileOf(file).id, level));
        ioMethods.xUnlock = (file, level) -> guarded(SqliteCodes.IOERR_UNLOCK, () -> {
            locks.unlock(fileOf(file).path, fileOf(file).id, level);
            return SqliteCodes.OK;
        });
        ioMethods.xCheckReservedLock = (file, out) -> guarded(SqliteCodes.IOERR_LOCK, () -> {
            out.setInt(0, locks.reserved(fileOf(file).path) ? 1 : 0);
            return SqliteCodes.OK;
        });
        ioMethods.xFileControl = (file, op, argument) -> SqliteCodes.NOTFOUND;
        ioMethods.xSectorSize = file -> diskModel.sectorSize();
        ioMethods.xDeviceCharacteristics = file -> deviceCharacteristics;
        ioMethods.write();
    }

    // ------------------------------------------------------------------ the guard

    /** One callback body: returns a result code, may fail with an I/O error. */
    private interface Body {
        int run() throws IOException;
    }

    /**
     * Runs a callback body so that nothing escapes into native code: an I/O error becomes a result
     * code, anything unchecked is kept for the Java side to rethrow and SQLite sees
     * {@code ioErrorOfMethod}.
     */
    private int guarded(int ioErrorOfMethod, Body body) {
        try {
            return turns.outside(body::run); // the Vfs works outside SQLite's turn (see SqliteTurns)
        } catch (IOException e) {
            noteError(e);
            return IoErrors.code(e, ioErrorOfMethod);
        } catch (RuntimeException | Error e) {
            escape(e);
            return ioErrorOfMethod;
        }
    }

    private synchronized void escape(Throwable t) {
        if (escaped == null) {
            escaped = t;
        }
    }

    private OpenFile fileOf(Pointer file) {
        long id = file.getLong(Native.POINTER_SIZE);
        OpenFile open = files.get(id);
        if (open == null) {
            throw new IllegalStateException("SQLite used file id " + id + ", which VFS " + name + " has not open");
        }
        return open;
    }

    /** The {@code Vfs} path of a name SQLite hands over (with or without its leading slash). */
    private static String pathOf(Pointer name) {
        String full = name.getString(0, StandardCharsets.UTF_8.name());
        return VfsPaths.check(full.startsWith("/") ? full.substring(1) : full);
    }

    // ------------------------------------------------------------------ sqlite3_vfs methods

    private int open(Pointer vfsPointer, Pointer name, Pointer file, int flags, Pointer outFlags) {
        file.setPointer(0, null); // SQLite calls xClose only when pMethods is set
        return guarded(SqliteCodes.CANTOPEN, () -> {
            String path = name == null ? "etilqs-" + nextTempName.getAndIncrement() : pathOf(name);
            boolean create = (flags & SqliteCodes.OPEN_CREATE) != 0;
            List<OpenOption> options = new ArrayList<>();
            if (create) {
                options.add((flags & SqliteCodes.OPEN_EXCLUSIVE) != 0 ? OpenOption.CREATE_NEW : OpenOption.CREATE);
            }
            if ((flags & SqliteCodes.OPEN_READONLY) != 0) {
                options.add(OpenOption.READ_ONLY);
            }
            VfsFile opened;
            try {
                opened = vfs.open(path, options.toArray(OpenOption[]::new));
            } catch (IOException e) {
                noteError(e);
                return SqliteCodes.CANTOPEN; // as os_unix.c: whatever open(2) said, SQLite cannot open
            }
            boolean journalOrWal = (flags & (SqliteCodes.OPEN_MAIN_JOURNAL | SqliteCodes.OPEN_SUPER_JOURNAL
                    | SqliteCodes.OPEN_WAL)) != 0;
            OpenFile open = new OpenFile(nextFileId.getAndIncrement(), path, opened, create && journalOrWal);
            files.put(open.id, open);
            file.setPointer(0, ioMethods.getPointer());
            file.setLong(Native.POINTER_SIZE, open.id);
            if ((flags & SqliteCodes.OPEN_DELETEONCLOSE) != 0) {
                vfs.delete(path); // unlinked while open, as os_unix.c does: the name never outlives the handle
            }
            if (outFlags != null) {
                outFlags.setInt(0, flags);
            }
            return SqliteCodes.OK;
        });
    }

    private int delete(Pointer vfsPointer, Pointer name, int syncDirectory) {
        return guarded(SqliteCodes.IOERR_DELETE, () -> {
            String path = pathOf(name);
            try {
                vfs.delete(path);
            } catch (ErrnoException e) {
                noteError(e);
                return e.errno() == Errno.ENOENT ? SqliteCodes.IOERR_DELETE_NOENT : SqliteCodes.IOERR_DELETE;
            }
            if ((syncDirectory & 1) != 0) {
                try {
                    vfs.syncDirectory(VfsPaths.parent(path)); // else a cut revives the journal: a commit rolls back
                } catch (IOException e) {
                    noteError(e);
                    return SqliteCodes.IOERR_DIR_FSYNC;
                }
            }
            return SqliteCodes.OK;
        });
    }

    private int access(Pointer vfsPointer, Pointer name, int flags, Pointer result) {
        return guarded(SqliteCodes.IOERR_ACCESS, () -> {
            String path = pathOf(name);
            boolean found = vfs.exists(path);
            if (found && flags == SqliteCodes.ACCESS_EXISTS) {
                found = nonEmptyOrDirectory(path);
            }
            result.setInt(0, found ? 1 : 0);
            return SqliteCodes.OK;
        });
    }

    /** Whether {@code path} is a directory or a file of at least one byte. */
    private boolean nonEmptyOrDirectory(String path) throws IOException {
        VfsFile probe;
        try {
            probe = vfs.open(path, OpenOption.READ_ONLY);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EISDIR) {
                return true;
            }
            throw e;
        }
        try {
            return probe.size() > 0;
        } finally {
            probe.close();
        }
    }

    private int fullPathname(Pointer vfsPointer, Pointer name, int outSize, Pointer out) {
        return guarded(SqliteCodes.CANTOPEN, () -> {
            byte[] full = ("/" + pathOf(name)).getBytes(StandardCharsets.UTF_8);
            if (full.length + 1 > outSize) {
                return SqliteCodes.CANTOPEN;
            }
            out.write(0, full, 0, full.length);
            out.setByte(full.length, (byte) 0);
            return SqliteCodes.OK;
        });
    }

    private void dlError(Pointer vfsPointer, int size, Pointer message) {
        byte[] text = ("VFS " + name + " loads no extensions").getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, size - 1);
        if (n >= 0) {
            message.write(0, text, 0, n);
            message.setByte(n, (byte) 0);
        }
    }

    private int randomness(Pointer vfsPointer, int size, Pointer out) {
        byte[] bytes = new byte[Math.max(0, size)];
        environment.randomBytes(bytes);
        out.write(0, bytes, 0, bytes.length);
        return bytes.length;
    }

    private int lastError(Pointer vfsPointer, int size, Pointer out) {
        IOException e = lastError;
        if (out != null && size > 0) {
            byte[] text = (e == null ? "" : e.getMessage()).getBytes(StandardCharsets.UTF_8);
            int n = Math.min(text.length, size - 1);
            out.write(0, text, 0, n);
            out.setByte(n, (byte) 0);
        }
        return e == null ? 0 : IoErrors.errno(e);
    }

    // ------------------------------------------------------------------ sqlite3_io_methods

    private int closeFile(Pointer file) {
        return guarded(SqliteCodes.IOERR_CLOSE, () -> {
            OpenFile open = fileOf(file);
            files.remove(open.id);
            locks.unlock(open.path, open.id, SqliteCodes.LOCK_NONE);
            open.file.close();
            return SqliteCodes.OK;
        });
    }

    private int read(Pointer file, Pointer buffer, int amount, long offset) {
        return guarded(SqliteCodes.IOERR_READ, () -> {
            ByteBuffer dst = buffer.getByteBuffer(0, amount);
            int got = fileOf(file).file.read(offset, dst);
            if (got < amount) {
                buffer.setMemory(Math.max(got, 0), amount - Math.max(got, 0), (byte) 0);
                return SqliteCodes.IOERR_SHORT_READ; // SQLite requires the zero fill
            }
            return SqliteCodes.OK;
        });
    }

    private int write(Pointer file, Pointer buffer, int amount, long offset) {
        return guarded(SqliteCodes.IOERR_WRITE, () -> {
            fileOf(file).file.writeFully(offset, buffer.getByteBuffer(0, amount));
            return SqliteCodes.OK;
        });
    }

    private int truncate(Pointer file, long size) {
        return guarded(SqliteCodes.IOERR_TRUNCATE, () -> {
            fileOf(file).file.truncate(size);
            return SqliteCodes.OK;
        });
    }

    private int sync(Pointer file, int flags) {
        return guarded(SqliteCodes.IOERR_FSYNC, () -> {
            OpenFile open = fileOf(file);
            // What SQLite relies on next (journal before overwrite, WAL before the ack): a cut would lose it.
            open.file.sync((flags & SqliteCodes.SYNC_DATAONLY) != 0 ? SyncMode.DATA : SyncMode.FULL);
            if (open.takeDirectorySync()) {
                try {
                    vfs.syncDirectory(VfsPaths.parent(open.path)); // else a cut loses the new file, synced data and all
                } catch (IOException ignoredAsOsUnixDoes) {
                    lastError = ignoredAsOsUnixDoes; // os_unix.c ignores a failed directory sync here, so do we
                }
            }
            return SqliteCodes.OK;
        });
    }

    private int fileSize(Pointer file, Pointer out) {
        return guarded(SqliteCodes.IOERR_FSTAT, () -> {
            out.setLong(0, fileOf(file).file.size());
            return SqliteCodes.OK;
        });
    }
}
