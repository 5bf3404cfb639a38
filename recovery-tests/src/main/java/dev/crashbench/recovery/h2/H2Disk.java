package dev.crashbench.recovery.h2;

import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.store.fs.FilePath;

/**
 * A {@link Vfs} made reachable to H2 under the file name prefix {@code simdisk:/<id>/}: H2 then
 * opens {@code jdbc:h2:simdisk:/<id>/db} and every byte of the database goes through this disk
 * ({@link VfsFilePath}).
 *
 * <p>Why one scheme and the disk id in the path, not one scheme per disk: H2's
 * {@code FilePath.get} sends a name whose scheme nobody registered to the real disk
 * ({@code FilePathDisk}), so {@code simdisk-7:/db} for a disk already closed would create a
 * directory {@code simdisk-7:} in the working directory. Under the one scheme this class
 * registers, an id with no disk fails loudly ({@link #lookup}).
 *
 * <p>Ids are never reused, so a database H2 still holds open for a dead run (H2 keeps open
 * databases in a process-wide map by name) can never be confused with a crash image's.
 *
 * <p>It also keeps the first unchecked exception the {@code Vfs} threw under H2 (a SimDisk power
 * cut above all): H2 wraps or logs what its file layer throws, so {@link H2OnVfs} rethrows this
 * one as it was thrown once the failing H2 call returns.
 */
public final class H2Disk implements AutoCloseable {
    /** The scheme registered with H2: the part of a file name before the first colon. */
    static final String SCHEME = "simdisk";
    private static final AtomicLong IDS = new AtomicLong();
    /** Registered disks by id: H2's file-system registry is process-wide, so this one is too. */
    private static final Map<Long, H2Disk> DISKS = new ConcurrentHashMap<>();

    static {
        FilePath.register(new VfsFilePath());
    }

    private final long id;
    private final Vfs vfs;
    private final AtomicReference<RuntimeException> escaped = new AtomicReference<>();
    private final AtomicLong tempFiles = new AtomicLong();

    private H2Disk(long id, Vfs vfs) {
        this.id = id;
        this.vfs = vfs;
    }

    /** Makes {@code vfs} reachable to H2 under a fresh id until {@link #close()}. */
    public static H2Disk register(Vfs vfs) {
        H2Disk disk = new H2Disk(IDS.incrementAndGet(), vfs);
        DISKS.put(disk.id, disk);
        return disk;
    }

    /**
     * The disk registered under {@code id}.
     *
     * @throws IllegalStateException when none is (never registered, or closed): H2 must not fall
     *                               back to any other storage
     */
    static H2Disk lookup(long id) {
        H2Disk disk = DISKS.get(id);
        if (disk == null) {
            throw new IllegalStateException("no disk is registered as " + SCHEME + ":/" + id
                    + " (closed, or never registered): H2 is not given the real disk instead");
        }
        return disk;
    }

    public long id() {
        return id;
    }

    public Vfs vfs() {
        return vfs;
    }

    /** The name H2 knows {@code vfsPath} by on this disk, e.g. {@code simdisk:/3/db}. */
    public String fileName(String vfsPath) {
        return VfsFilePath.nameOf(id, vfsPath);
    }

    /** The first unchecked exception the {@code Vfs} threw while H2 used it, or null. */
    public RuntimeException escaped() {
        return escaped.get();
    }

    /** Rethrows {@link #escaped()}, if any, as it was thrown. */
    void rethrowEscaped() {
        RuntimeException e = escaped.get();
        if (e != null) {
            throw e;
        }
    }

    /** A fresh number for a temporary file name: a counter, where H2's own disk uses a random number. */
    long nextTempFile() {
        return tempFiles.incrementAndGet();
    }

    /** A call on the {@code Vfs} that returns a value. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    /** A call on the {@code Vfs} that returns nothing. */
    @FunctionalInterface
    interface IoRun {
        void run() throws IOException;
    }

    /** Runs one {@code Vfs} call, keeping the first unchecked exception it throws before passing it on. */
    <T> T io(IoCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (RuntimeException e) {
            escaped.compareAndSet(null, e);
            throw e;
        }
    }

    void io(IoRun run) throws IOException {
        io(() -> {
            run.run();
            return null;
        });
    }

    /** Makes the id unknown to H2: a later use of it fails loudly. Harmless twice. */
    @Override
    public void close() {
        DISKS.remove(id, this);
    }
}
