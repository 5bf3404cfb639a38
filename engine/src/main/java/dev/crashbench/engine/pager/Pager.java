package dev.crashbench.engine.pager;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.wal.DeltaCodec;
import dev.crashbench.engine.wal.FramePlan;
import dev.crashbench.engine.wal.Wal;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalIndex;
import dev.crashbench.engine.wal.WalWriting;
import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The committed state of the database: the database file, the WAL, the WAL index and the page
 * cache, and which snapshot each reader holds. It resolves a page for a snapshot (newest WAL
 * frame the snapshot may see, else the home copy), appends and publishes commits, and
 * checkpoints.
 *
 * <p>Recovery is {@link #open}: it reads, it never writes (unless the WAL must be created). The
 * WAL's valid prefix is indexed, page 0 is taken from the newest committed frame or from home,
 * and the committed state is exactly what those frames and the database file say. Frames after
 * the prefix stay in the file; the chained checksum keeps them from ever joining it.
 *
 * <p>Appended and committed: {@link #append} writes a commit's frames and makes them the state the
 * next writer builds on; {@link #publish} makes a state new readers see. Without group commit the
 * database publishes each commit right after its sync, so the two are the same between commits;
 * with it, commits appended after the last group sync are there for the writer and not yet for
 * readers, which must never see a commit before it is durable.
 *
 * <p>Delta frames ({@link Optimization#DELTA_FRAMES}): a commit's page goes to the WAL as a delta
 * against the page's newest frame of the current generation when it has one that is fewer than
 * {@link DeltaCodec#MAX_CHAIN} deltas from a full image (the rest of the rules are the WAL's, see
 * {@link DeltaCodec}). Whoever needs the page at a delta frame (a reader, the writer, the
 * checkpoint, the recovery copy) rebuilds it: the image of the page's frame before it (cached, or
 * rebuilt in turn, down to a full image), checked to be the base the delta names (frame and
 * checksum), the delta applied, the result verified by its own checksum, and cached under the
 * delta frame's version. A checkpoint so writes home full pages only: it coalesces every chain.
 *
 * <p>Threads: one writer at a time (the database's writer lock), any number of readers. The
 * WAL index, generation, appended and committed ends and reader set are guarded by one lock;
 * page images are read outside it.
 */
public final class Pager implements AutoCloseable {
    private final String dbPath;
    final VfsFile db;
    final Wal wal;
    final PageCache cache;
    /** Deliberately broken behaviours switched on; empty for a healthy engine. */
    final Set<UnsafeMutation> mutations;
    final Object lock = new Object();
    final WalIndex index;
    final Set<Snapshot> readers = Collections.newSetFromMap(new IdentityHashMap<>());
    volatile long generation;
    int committedFrames;
    DbHeader committedHeader;
    /** The page digest of the newest committed state (see {@link PageDigest}). */
    long committedDigest;
    /** The newest appended commit: the state the writer builds on (see the class comment). */
    int appendedFrames;
    private DbHeader appendedHeader;
    private long appendedDigest;
    /** The commit sequence of the newest appended commit. */
    private long commitSequence;
    /**
     * Frames of this generation already copied home. Written by checkpoint passes only, one at a
     * time (the writer lock, or the background checkpointer's own lock).
     */
    int backfilled;
    /**
     * Frames of this generation known durable in the WAL. Written under the writer lock (a commit's
     * sync; a checkpoint's WAL sync and reset, which a background checkpointer takes the writer lock
     * for); read by a background pass's planning without it.
     */
    volatile int durableFrames;
    /** The reader that outlived a writer's grace in {@link #awaitResetRoom}: not waited for again. Lock held. */
    private Snapshot outlivedGrace;
    private final PageChecksum writerChecksum = new PageChecksum();
    /** Whether commits may write delta frames ({@link Optimization#DELTA_FRAMES}). */
    private final boolean deltaFrames;
    private final EngineEvents events;
    /** The frames of the commit being appended: delta bases in, places out. Writer only. */
    private final FramePlan plan = new FramePlan();
    /**
     * Mutation DELTA_BASE_ACROSS_RESET only: per page id, one more than the frame the writer last
     * wrote it to (0: none), and that frame's depth; never cleared, not even by a WAL reset. Writer only.
     */
    private int[] rememberedFrames = new int[0];
    private int[] rememberedDepths = new int[0];

    private Pager(String dbPath, VfsFile db, Wal wal, WalIndex index, PageCache cache, Set<UnsafeMutation> mutations,
                  boolean deltaFrames, EngineEvents events) {
        this.dbPath = dbPath;
        this.mutations = mutations;
        this.deltaFrames = deltaFrames;
        this.events = events;
        this.db = db;
        this.wal = wal;
        this.index = index;
        this.cache = cache;
    }

    /** The WAL file of database {@code path}. */
    public static String walPath(String path) {
        return path + "-wal";
    }

    /**
     * Opens (recovering) the database at {@code path}, creating an empty one when no file is
     * there and {@code create} is set.
     */
    public static Pager open(Vfs vfs, String path, int cacheSizePages, int walPreallocatedFrames, boolean create)
            throws IOException {
        return open(vfs, path, cacheSizePages, walPreallocatedFrames, create, Set.of());
    }

    /**
     * {@link #open(Vfs, String, int, int, boolean)} with {@code mutations} switched on: unsafe, see
     * {@link UnsafeMutation}.
     */
    public static Pager open(Vfs vfs, String path, int cacheSizePages, int walPreallocatedFrames, boolean create,
                             Set<UnsafeMutation> mutations) throws IOException {
        return open(vfs, path, cacheSizePages, walPreallocatedFrames, create, mutations, WalWriting.PWRITE, false,
                false, new EngineEvents());
    }

    /**
     * Opens (recovering) the database at {@code path} as {@code options} say (sizes, whether to
     * create it, delta frames, mutations), its WAL written as their optimizations ask
     * ({@link WalWriting}; with group commit at FULL durability, commits are gathered and written by
     * the WAL sync that covers them, see {@link Wal}), counting what it does in {@code events}.
     */
    public static Pager open(Vfs vfs, String path, EngineOptions options, EngineEvents events) throws IOException {
        boolean gatherCommits = options.has(Optimization.GROUP_COMMIT) && options.durability() == Durability.FULL;
        return open(vfs, path, options.cacheSizePages(), options.walPreallocatedFrames(), options.create(),
                options.mutations(), WalWriting.of(options.optimizations()), options.has(Optimization.DELTA_FRAMES),
                gatherCommits, events);
    }

    private static Pager open(Vfs vfs, String path, int cacheSizePages, int walPreallocatedFrames, boolean create,
                              Set<UnsafeMutation> mutations, WalWriting writing, boolean deltaFrames,
                              boolean gatherCommits, EngineEvents events)
            throws IOException {
        EnumSet<UnsafeMutation> copy = EnumSet.noneOf(UnsafeMutation.class);
        copy.addAll(mutations);
        Set<UnsafeMutation> unsafe = Collections.unmodifiableSet(copy);
        VfsPaths.check(path);
        DiskModel model = vfs.diskModel();
        if (!model.powersafeOverwrite() && WalFrame.ALIGNMENT % model.sectorSize() != 0) {
            // A torn commit could then garble the sector it shares with an acknowledged one.
            throw new IllegalArgumentException("disk model " + model.describe() + " garbles whole sectors on a torn write, "
                    + "and WAL frames are aligned to " + WalFrame.ALIGNMENT + " bytes only");
        }
        if (!vfs.exists(path)) {
            if (!create) {
                throw new java.io.FileNotFoundException("no database at " + path + " in " + vfs.describe());
            }
            createEmpty(vfs, path);
        }
        VfsFile db = vfs.open(path);
        try {
            // Before anything is read: a second engine, in this process or another, would recover,
            // checkpoint and commit over the pages of this one. Held until close.
            db.tryLockExclusive();
            long size = db.size();
            if (size < Page.SIZE) {
                throw new CorruptDatabaseException(path, 0, "file is " + size + " bytes, shorter than its header page");
            }
            long homeSequence = homeCheckpointSequence(db);
            if (homeSequence < 0 && !vfs.exists(walPath(path))) {
                // Without a WAL, page 0 can only come from home: refuse before creating a WAL
                // beside a file that is not a database.
                throw new CorruptDatabaseException(path, 0, "header page fails its checksum and there is no WAL");
            }
            WalIndex index = new WalIndex();
            Wal.Recovered recovered = Wal.open(vfs, walPath(path), walPreallocatedFrames,
                    WalHeader.nextSalt(path.hashCode(), 0), Math.max(0, homeSequence), () -> homeDigest(db), index,
                    unsafe, writing, events, gatherCommits);
            Pager pager = new Pager(path, db, recovered.wal(), index, new PageCache(cacheSizePages), unsafe,
                    deltaFrames, events);
            try {
                pager.recover(recovered, size);
            } catch (IOException | RuntimeException e) {
                recovered.wal().close();
                throw e;
            }
            return pager;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The checkpoint sequence in the home copy of page 0, or -1 when that copy does not verify (then
     * page 0 must come from the WAL, or the database is corrupt and recovery will say so).
     */
    private static long homeCheckpointSequence(VfsFile db) throws IOException {
        byte[] image = new byte[Page.SIZE];
        if (db.read(0, ByteBuffer.wrap(image)) != Page.SIZE || !new PageChecksum().verify(0, image)) {
            return -1;
        }
        return PageBytes.getLong(image, DbHeader.OFFSET_CHECKPOINT_SEQUENCE);
    }

    /**
     * The page digest of the database file, for a new WAL generation started over it (a new
     * database, or a WAL whose header is gone): the home digest the last checkpoint that reset the
     * WAL wrote into page 0 ({@link DbHeader}). Not recomputed from the file, which would take any
     * write the file lost for the truth. {@link PageDigest#EMPTY} when page 0 does not verify
     * (recovery refuses such a file anyway).
     */
    private static long homeDigest(VfsFile db) throws IOException {
        byte[] page0 = new byte[Page.SIZE];
        if (db.read(0, ByteBuffer.wrap(page0)) != Page.SIZE || !new PageChecksum().verify(0, page0)) {
            return PageDigest.EMPTY;
        }
        return PageBytes.getLong(page0, DbHeader.OFFSET_HOME_DIGEST);
    }

    /**
     * Writes a new database under a temporary name and renames it into place, so that after any
     * crash the database either does not exist or is complete.
     */
    private static void createEmpty(Vfs vfs, String path) throws IOException {
        String wal = walPath(path);
        if (vfs.exists(wal)) {
            vfs.delete(wal);
            // A leftover WAL of an earlier database would otherwise be replayed over the new one;
            // its removal must be durable before the new database's name can be.
            vfs.syncDirectory(VfsPaths.parent(path));
        }
        String temporary = path + "-new";
        if (vfs.exists(temporary)) {
            vfs.delete(temporary);
        }
        byte[] header = new byte[Page.SIZE];
        DbHeader.empty().encode(header);
        new PageChecksum().seal(0, header);
        try (VfsFile file = vfs.open(temporary, OpenOption.CREATE_NEW)) {
            file.writeFully(0, ByteBuffer.wrap(header));
            // The header must be durable before the rename can be: otherwise the new name could
            // survive a cut and point at an empty or torn file.
            file.sync(SyncMode.FULL);
        }
        vfs.rename(temporary, path);
        // Makes the rename durable, so a database that open() reported created stays created.
        vfs.syncDirectory(VfsPaths.parent(path));
    }

    /** Recovers the committed state from {@code recovered} over the database file, {@code fileSize} bytes long at open. */
    private void recover(Wal.Recovered recovered, long fileSize) throws IOException {
        committedFrames = recovered.committedFrames();
        commitSequence = recovered.lastCommitSequence();
        committedDigest = recovered.digest();
        // Frames found at open may sit only in the OS page cache (a process crash after NORMAL or
        // OFF commits, a close, which never syncs): the first checkpoint must sync them before it
        // copies any page home, or a cut could leave half of a commit home and half lost.
        durableFrames = 0;
        generation = 1;
        Snapshot all = new Snapshot(generation, committedFrames, null, committedDigest);
        DbHeader header = DbHeader.decode(load(all, 0, writerChecksum), dbPath);
        if (committedFrames > 0 && header.pageCount() != recovered.lastCommitSize()) {
            throw new CorruptDatabaseException(dbPath, 0, "header says " + header.pageCount()
                    + " pages, the WAL's last commit says " + recovered.lastCommitSize());
        }
        checkPagesExist(header, fileSize);
        if (recovered.headerValid()) {
            long walSequence = wal.checkpointSequence();
            long dbSequence = header.checkpointSequence();
            // The first commit of every WAL generation records the generation's checkpoint sequence
            // in page 0, and a checkpoint copies it home before the next reset; so page 0 is at
            // most one generation behind the WAL. Further behind means the database file lost
            // writes a checkpoint had synced (a lying fsync), and its pages cannot be trusted.
            if (dbSequence < walSequence - 1 || dbSequence > walSequence) {
                throw new CorruptDatabaseException(dbPath, 0, "checkpoint sequence " + dbSequence
                        + " does not fit the WAL's " + walSequence + ": the database file lost writes a checkpoint synced");
            }
        }
        committedHeader = header;
        appendNothingPending();
    }

    /**
     * Checks the recovered header's page count against the files: every page below it must be in the
     * database file or have a frame in the recovered WAL (a page is written in the commit that
     * allocates it, and a checkpoint copies it home before the WAL forgets it). A header whose count
     * the files cannot hold (damaged, and resealed) would otherwise send every walk over the pages,
     * the integrity check's among them, through pages that do not exist; with it checked, those walks
     * are bounded by the files' size. The work here is bounded by the WAL's frames.
     */
    private void checkPagesExist(DbHeader header, long fileSize) throws IOException {
        long homePages = fileSize / Page.SIZE;
        long beyondHome = header.pageCount() - homePages;
        if (beyondHome <= 0) {
            return;
        }
        if (beyondHome > index.frameCount()) {
            throw new CorruptDatabaseException(dbPath, 0, "header says " + header.pageCount() + " pages, but the file"
                    + " holds " + homePages + " and the WAL " + index.frameCount() + " frames");
        }
        for (long id = homePages; id < header.pageCount(); id++) {
            if (index.newest((int) id, committedFrames) < 0) {
                throw new CorruptDatabaseException(dbPath, id, "header says " + header.pageCount() + " pages, but page "
                        + id + " is neither in the file (" + homePages + " pages) nor in the WAL");
            }
        }
    }

    /** The appended state is the committed one: nothing appended waits for a sync. Lock held or no reader yet. */
    void appendNothingPending() {
        appendedFrames = committedFrames;
        appendedHeader = committedHeader;
        appendedDigest = committedDigest;
    }

    /** A snapshot of the newest committed state, registered until {@link #release}. */
    public Snapshot beginRead() {
        synchronized (lock) {
            Snapshot snapshot = new Snapshot(generation, committedFrames, committedHeader, committedDigest);
            readers.add(snapshot);
            return snapshot;
        }
    }

    public void release(Snapshot snapshot) {
        synchronized (lock) {
            readers.remove(snapshot);
            lock.notifyAll(); // a writer may wait for the readers that hold back a reset (awaitResetRoom)
        }
    }

    /**
     * The oldest mark among open readers: the frames of this generation they see, 0 for a reader of
     * an older generation (it reads every page from home, so no page may go home under it);
     * {@link Integer#MAX_VALUE} with no reader. Lock held.
     *
     * <p>A reader at the committed end does not hold the reset back: the reset comes only once every
     * frame is home, so the database file then holds exactly its state, and it reads from there.
     */
    int oldestReaderMark() {
        int oldest = Integer.MAX_VALUE;
        for (Snapshot reader : readers) {
            oldest = Math.min(oldest, reader.generation == generation ? reader.frames : 0);
        }
        return oldest;
    }

    /**
     * Whether a checkpoint pass now would do anything: copy a frame home that no open reader still
     * needs the old copy of, or (every reader at the committed end) reset the WAL. Allocation-free,
     * so a writer can ask at every commit; the same rule {@link CheckpointPass} plans by.
     */
    public boolean checkpointWouldProgress() {
        synchronized (lock) {
            int limit = Math.min(committedFrames, oldestReaderMark());
            return limit > backfilled || committedFrames > 0 && limit == committedFrames
                    && appendedFrames == committedFrames;
        }
    }

    /**
     * For a writer that found the WAL full, with no commit running (the writer lock held): waits up
     * to {@code graceNanos} for every reader older than the committed end to close, so that a
     * checkpoint can take every frame home and reset the WAL. Readers that begin meanwhile see the
     * whole WAL (its end stands still while the writer waits) and do not hold the reset back.
     * Returns whether no reader holds it back any more. A grace of 0 looks once and never waits
     * (the simulated tier, where readers live on the writer's own thread). A reader that outlived
     * one writer's grace is not waited for again: later writers go on at once, and the WAL grows,
     * until it closes.
     */
    public boolean awaitResetRoom(long graceNanos) {
        synchronized (lock) {
            Snapshot blocker = oldestBlocker();
            if (blocker == null) {
                return true;
            }
            if (graceNanos <= 0 || blocker == outlivedGrace) {
                return false;
            }
            events.count(EngineEvent.WAL_FULL_WAIT);
            long deadline = System.nanoTime() + graceNanos;
            boolean interrupted = false;
            try {
                while (oldestBlocker() != null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        outlivedGrace = oldestBlocker(); // the writer goes on, the WAL grows
                        return false;
                    }
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The open reader with the oldest mark below the committed end (it holds the reset back), or null. Lock held. */
    private Snapshot oldestBlocker() {
        Snapshot oldest = null;
        int oldestMark = committedFrames;
        for (Snapshot reader : readers) {
            int mark = reader.generation == generation ? reader.frames : 0;
            if (mark < oldestMark) {
                oldest = reader;
                oldestMark = mark;
            }
        }
        return oldest;
    }

    /**
     * The newest appended state, for the writer: it builds on commits appended and not yet durable
     * (the WAL is ordered, so its own durability implies theirs). Not registered: checkpoints run
     * under the writer lock, never while a write transaction is open.
     */
    public Snapshot writerSnapshot() {
        synchronized (lock) {
            return new Snapshot(generation, appendedFrames, appendedHeader, appendedDigest);
        }
    }

    /**
     * Moves {@code snapshot}, the reused writer's own unregistered snapshot (see
     * {@link #writerSnapshot}), to the state the next writer builds on (the newest appended
     * commit), instead of allocating a new one.
     */
    public void moveWriterSnapshot(Snapshot snapshot) {
        synchronized (lock) {
            snapshot.moveTo(generation, appendedFrames, appendedHeader, appendedDigest);
        }
    }

    /**
     * After the writer published a new image of {@code pageId}, takes the image {@code replaced}
     * it was copied from (as {@code base} saw it) out of the cache, so that the writer may reuse
     * the array for another page. Returns false, and leaves the cache alone, unless nothing but
     * the cache can still hold that array: no registered snapshot (a reader may hold images it
     * read), the same WAL generation as {@code base} (a checkpoint may have copied the image home),
     * and the cache entry under the version {@code base} read it at holds exactly that array. An
     * entry for the home copy holding the same array (a checkpoint put it there) goes too.
     */
    public boolean retire(Snapshot base, int pageId, byte[] replaced) {
        synchronized (lock) {
            if (!readers.isEmpty() || base.generation != generation) {
                return false;
            }
            int frame = index.newest(pageId, base.frames);
            long version = frame >= 0 ? PageCache.walVersion(generation, frame) : PageCache.HOME;
            if (!cache.removeIfSame(pageId, version, replaced)) {
                return false;
            }
            if (version != PageCache.HOME) {
                cache.removeIfSame(pageId, PageCache.HOME, replaced);
            }
            return true;
        }
    }

    /** Page {@code pageId} as {@code snapshot} sees it, checksum verified. The array is shared: never modify it. */
    public byte[] read(Snapshot snapshot, int pageId, PageChecksum checksum) throws IOException {
        int count = snapshot.header.pageCount();
        if (pageId < 0 || pageId >= count) {
            throw new CorruptDatabaseException(dbPath, pageId, "reference to page " + pageId
                    + " of a database of " + count + " pages");
        }
        return load(snapshot, pageId, checksum);
    }

    byte[] load(Snapshot snapshot, int pageId, PageChecksum checksum) throws IOException {
        return load(snapshot, pageId, checksum, null, null);
    }

    /**
     * {@link #read}, with the image's structure verified by {@code structure} once while the cache
     * holds it, and its references checked against {@code access}'s page count on every call (see
     * {@link PageStructure}).
     */
    public byte[] readVerified(Snapshot snapshot, int pageId, PageChecksum checksum, PageStructure structure,
                               PageAccess access) throws IOException {
        int count = snapshot.header.pageCount();
        if (pageId < 0 || pageId >= count) {
            throw new CorruptDatabaseException(dbPath, pageId, "reference to page " + pageId
                    + " of a database of " + count + " pages");
        }
        return load(snapshot, pageId, checksum, structure, access);
    }

    /** {@link #load(Snapshot, int, PageChecksum)}, verified by {@code structure} unless it is null. */
    private byte[] load(Snapshot snapshot, int pageId, PageChecksum checksum, PageStructure structure,
                        PageAccess access) throws IOException {
        while (true) {
            long current;
            int frame;
            synchronized (lock) {
                current = generation;
                frame = snapshot.generation == current ? index.newest(pageId, snapshot.frames) : -1;
            }
            if (frame >= 0) {
                byte[] image = frameImage(pageId, frame, current, checksum);
                if (image != null) {
                    return verified(pageId, PageCache.walVersion(current, frame), image, structure, access);
                }
                continue; // the WAL was reset while we read: the frame may be overwritten
            }
            byte[] image = cache.get(pageId, PageCache.HOME);
            if (image == null) {
                image = new byte[Page.SIZE];
                readHome(pageId, image);
                if (!checksum.verify(pageId, image)) {
                    throw new CorruptDatabaseException(dbPath, pageId, "page checksum mismatch");
                }
                cache.put(pageId, PageCache.HOME, image);
            }
            return verified(pageId, PageCache.HOME, image, structure, access);
        }
    }

    /**
     * {@code image}, after {@code structure} verified it: once per cached image (the cache keeps the
     * mark), then only its references against the visitor's page count, which may be lower than
     * the verifier's; past it, the whole check runs again for its exact message.
     */
    private byte[] verified(int pageId, long version, byte[] image, PageStructure structure, PageAccess access)
            throws IOException {
        if (structure == null) {
            return image;
        }
        int highest = cache.verifiedReferences(pageId, version, image, structure);
        if (highest == PageCache.UNVERIFIED) {
            highest = structure.verifyOnce(image, pageId, access);
            cache.markVerified(pageId, version, image, structure, highest);
        }
        if (highest >= access.pageCount()) {
            structure.verify(image, pageId, access);
        }
        return image;
    }

    /**
     * Page {@code pageId} as frame {@code frame} of WAL generation {@code current} leaves it,
     * checksum verified, from the cache or read (and, for a delta frame, rebuilt: see the class
     * comment), then cached; null when the WAL was reset meanwhile.
     */
    private byte[] frameImage(int pageId, int frame, long current, PageChecksum checksum) throws IOException {
        long version = PageCache.walVersion(current, frame);
        byte[] image = cache.get(pageId, version);
        if (image != null) {
            return image;
        }
        long offset;
        int length;
        int depth;
        synchronized (lock) {
            if (generation != current) {
                return null;
            }
            offset = index.offset(frame);
            length = index.length(frame);
            depth = index.depth(frame);
        }
        image = new byte[Page.SIZE];
        if (depth == 0) {
            wal.readImage(offset, image);
            if (generation != current) {
                return null;
            }
            if (!checksum.verify(pageId, image)) {
                throw new CorruptDatabaseException(wal.path(), frame,
                        "checksum mismatch in the image of page " + pageId);
            }
        } else if (!rebuild(pageId, frame, offset, length, current, checksum, image)) {
            return null;
        }
        cache.put(pageId, version, image);
        return image;
    }

    /**
     * Rebuilds into {@code image} page {@code pageId} at the delta frame {@code frame} ({@code length}
     * bytes at {@code offset}): the page's previous frame's image, which must be the base the delta
     * names, with the delta applied; the result must verify. False when the WAL was reset meanwhile.
     */
    private boolean rebuild(int pageId, int frame, long offset, int length, long current, PageChecksum checksum,
                            byte[] image) throws IOException {
        byte[] delta = new byte[length];
        wal.readFrame(offset, length, delta);
        int base;
        synchronized (lock) {
            if (generation != current) {
                return false;
            }
            base = index.newest(pageId, frame);
        }
        if (base < 0 || WalFrame.baseFrame(delta, 0) != base) {
            throw new CorruptDatabaseException(wal.path(), frame, "delta frame of page " + pageId + " names frame "
                    + WalFrame.baseFrame(delta, 0) + " as its base, but the page's frame before it is "
                    + (base < 0 ? "none" : "frame " + base));
        }
        byte[] baseImage = frameImage(pageId, base, current, checksum);
        if (baseImage == null) {
            return false;
        }
        if (WalFrame.baseChecksum(delta, 0) != PageDigest.trailer(baseImage)
                || DeltaCodec.validate(delta, WalFrame.OFFSET_DELTA, length - WalFrame.OFFSET_DELTA) < 0) {
            throw new CorruptDatabaseException(wal.path(), frame, "delta frame of page " + pageId
                    + " does not apply to the image of its base, frame " + base);
        }
        System.arraycopy(baseImage, 0, image, 0, Page.SIZE);
        DeltaCodec.apply(delta, WalFrame.OFFSET_DELTA, image);
        if (!checksum.verify(pageId, image)) {
            throw new CorruptDatabaseException(wal.path(), frame, "page " + pageId
                    + " rebuilt from its delta frame fails its checksum");
        }
        events.count(EngineEvent.DELTA_APPLIED);
        return true;
    }

    private void readHome(int pageId, byte[] image) throws IOException {
        int got = db.read((long) pageId * Page.SIZE, ByteBuffer.wrap(image));
        if (got != Page.SIZE) {
            throw new CorruptDatabaseException(dbPath, pageId, "file ends inside or before this page (truncated)");
        }
    }

    /**
     * Appends a transaction's pages, sealed ({@link TransactionPages#prepare} seals them), to the
     * WAL in one write, with {@code digest}, the page digest of the database after it (with delta
     * frames on, a page goes as a delta where the class comment says), and makes the commit the
     * state the next writer builds on. Returns the first frame; no reader sees it until
     * {@link #publish}.
     */
    public int append(CommitRecord commit) throws IOException {
        int count = commit.count();
        int[] pageIds = commit.pageIds();
        byte[][] images = commit.images();
        DbHeader header = commit.header();
        plan.begin(count);
        if (deltaFrames) {
            planDeltas(pageIds, count);
        }
        int first = wal.append(pageIds, images, count, header.pageCount(), commitSequence + 1, commit.digest(), plan);
        int deltas = plan.deltas();
        if (deltas > 0) {
            events.count(EngineEvent.DELTA_FRAME, deltas);
        }
        if (mutations.contains(UnsafeMutation.DELTA_BASE_ACROSS_RESET)) {
            remember(first, pageIds, count);
        }
        synchronized (lock) {
            // Readers' snapshots end at the committed end, so these frames stay invisible to them.
            for (int i = 0; i < count; i++) {
                index.add(pageIds[i], first + i, plan.offset(i), plan.length(i), plan.depth(i));
                cache.put(pageIds[i], PageCache.walVersion(generation, first + i), images[i]);
            }
            appendedFrames = first + count;
            appendedHeader = header;
            appendedDigest = commit.digest();
            commitSequence++;
        }
        return first;
    }

    /**
     * Lets each page of the commit be a delta against its newest frame of this generation (the
     * newest appended: the state this writer built on), unless it has none or that frame ends a
     * chain of {@link DeltaCodec#MAX_CHAIN} deltas. Writer lock held: no commit and no checkpoint
     * can run until the append returns.
     */
    private void planDeltas(int[] pageIds, int count) throws IOException {
        long current;
        int end;
        synchronized (lock) {
            current = generation;
            end = appendedFrames;
        }
        boolean remembered = mutations.contains(UnsafeMutation.DELTA_BASE_ACROSS_RESET);
        for (int i = 0; i < count; i++) {
            int pageId = pageIds[i];
            int base;
            int depth;
            byte[] baseImage;
            if (remembered) {
                // Mutation: the base is where the writer last wrote the page, remembered across
                // WAL resets; after a reset that frame index is another page's, or not written
                // yet, in the new generation, and the delta names a base it cannot apply to.
                base = pageId < rememberedFrames.length ? rememberedFrames[pageId] - 1 : -1;
                depth = base >= 0 ? rememberedDepths[pageId] : 0;
                baseImage = base >= 0 ? load(writerSnapshot(), pageId, writerChecksum) : null;
            } else {
                synchronized (lock) {
                    base = index.newest(pageId, end);
                    depth = base >= 0 ? index.depth(base) : 0;
                }
                baseImage = base >= 0 ? frameImage(pageId, base, current, writerChecksum) : null;
            }
            if (baseImage != null && depth < DeltaCodec.MAX_CHAIN) {
                plan.allowDelta(i, base, baseImage, depth);
            }
        }
    }

    /**
     * Makes the recovered state durable without trusting the recovered frames to be: their pages'
     * newest images become one commit in a new WAL file that replaces the old one
     * ({@link Wal#replaceWithCopy}). For an opening that recovered frames, before anything builds on
     * them (its checkpoint, its commits) and before any reader exists. Not for durability OFF.
     */
    public void secureRecoveredFrames() throws IOException {
        int frames;
        synchronized (lock) {
            frames = committedFrames;
        }
        if (frames == 0) {
            return;
        }
        List<Integer> pages = new ArrayList<>();
        synchronized (lock) {
            index.forEachPage(frames, pages::add);
        }
        Snapshot recovered = writerSnapshot();
        int[] ids = new int[pages.size()];
        byte[][] images = new byte[pages.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pages.get(i);
            images[i] = load(recovered, ids[i], writerChecksum);
        }
        wal.replaceWithCopy(ids, images, ids.length, committedHeader.pageCount(), commitSequence, committedDigest);
        synchronized (lock) {
            generation++; // the frames moved: cached frame images of the old file must not be found
            index.clear();
            for (int i = 0; i < ids.length; i++) {
                index.add(ids[i], i);
            }
            committedFrames = ids.length;
            appendNothingPending();
        }
        backfilled = 0;
        durableFrames = ids.length;
    }

    /**
     * Before the first commit of this opening: makes sure the WAL header the commit's frames go
     * under is durable (see {@link Wal#makeHeaderDurable}). Not for durability OFF, which never syncs.
     */
    public void makeWalHeaderDurable() throws IOException {
        wal.makeHeaderDurable();
    }

    /** {@code fdatasync} of the WAL, covering every frame appended so far. Writer lock held. */
    public void syncWal() throws IOException {
        syncWal(wal.frameCount());
    }

    /**
     * {@code fdatasync} of the WAL, covering at least the first {@code appended} frames, whose
     * appends returned before this call. For a group commit's leader, which syncs without the
     * writer lock while the next writer may append behind those frames.
     */
    public void syncWal(int appended) throws IOException {
        // FULL durability: a commit is acknowledged only after this returns, so a cut after the
        // acknowledgement finds its frames (and their commit marker) on disk.
        wal.sync();
        wal.recordDurable(appended);
        durableFrames = appended;
    }

    /**
     * Syncs the WAL when some committed frame is not known durable: frames past an open reader's
     * mark, which a checkpoint could not copy home, after NORMAL-durability commits. For an explicit
     * checkpoint (inline or background), which promises, as a returned checkpoint always has
     * in this engine, that every commit before it is durable.
     */
    public void makeCommittedFramesDurable() throws IOException {
        int end;
        synchronized (lock) {
            end = committedFrames;
        }
        if (durableFrames < end) {
            // A cut after the checkpoint returned would otherwise lose commits made before it.
            syncWal();
        }
    }

    /** The end of the newest appended commit's frames. Writer only (or under the group's monitor after an append). */
    public int appendedFrames() {
        synchronized (lock) {
            return appendedFrames;
        }
    }

    /** The newest appended commit's header. */
    public DbHeader appendedHeader() {
        synchronized (lock) {
            return appendedHeader;
        }
    }

    /** The newest appended commit's page digest. */
    public long appendedDigest() {
        synchronized (lock) {
            return appendedDigest;
        }
    }

    /** Makes the newest appended commit visible to new snapshots. */
    public void publishAppended() {
        synchronized (lock) {
            committedFrames = appendedFrames;
            committedHeader = appendedHeader;
            committedDigest = appendedDigest;
        }
    }

    /**
     * Makes the appended commit that ends at frame {@code frames} (with {@code header} and
     * {@code digest}) visible to new snapshots: for a group sync, which covers the commits appended
     * before it started and may publish no further.
     */
    public void publish(int frames, DbHeader header, long digest) {
        synchronized (lock) {
            if (frames > appendedFrames) {
                throw new IllegalStateException("publishing frames up to " + frames + " with " + appendedFrames
                        + " appended");
            }
            if (frames <= committedFrames) {
                return; // already published (only an unsafe variant publishes ahead of the rounds)
            }
            committedFrames = frames;
            committedHeader = header;
            committedDigest = digest;
        }
    }

    /** Mutation DELTA_BASE_ACROSS_RESET: the writer's memory of where it wrote each page last. */
    private void remember(int firstFrame, int[] pageIds, int count) {
        for (int i = 0; i < count; i++) {
            int pageId = pageIds[i];
            if (pageId >= rememberedFrames.length) {
                rememberedFrames = Arrays.copyOf(rememberedFrames, Math.max(pageId + 1, rememberedFrames.length * 2));
                rememberedDepths = Arrays.copyOf(rememberedDepths, rememberedFrames.length);
            }
            rememberedFrames[pageId] = firstFrame + i + 1;
            rememberedDepths[pageId] = plan.depth(i);
        }
    }

    /** What a {@link #checkpoint} did. */
    public record CheckpointResult(int pagesWritten, int framesBackfilled, boolean walReset) {
    }

    /**
     * Copies home the newest image of every page that no reader still needs the old copy of,
     * and, when every frame is home and no reader sees an older state, resets the WAL. Writer
     * lock held. With {@code sync} false (durability OFF) nothing is synced, and a power cut
     * during or after the checkpoint may leave the database corrupt. The whole pass runs here, on
     * the caller's thread (see {@link CheckpointPass} for its steps).
     */
    public CheckpointResult checkpoint(boolean sync) throws IOException {
        CheckpointPass pass = new CheckpointPass(this, sync, false);
        while (!pass.done()) {
            pass.step();
        }
        return pass.result();
    }

    /** A copy of page 0's image {@code committed} with {@code digest} as its home digest, sealed. */
    byte[] withHomeDigest(byte[] committed, long digest, PageChecksum checksum) throws CorruptDatabaseException {
        byte[] image = committed.clone();
        DbHeader.decode(committed, dbPath).withHomeDigest(digest).encode(image);
        checksum.seal(0, image);
        return image;
    }

    /** {@code fdatasync} of the database file, making the pages a checkpoint copied home durable. */
    void syncHome() throws IOException {
        if (mutations.contains(UnsafeMutation.SYNC_IS_NOOP)) {
            // Mutation: the copied pages stay in the page cache, yet the WAL that holds them is
            // reset next: a power cut loses commits the engine believes are home.
            return;
        }
        db.sync(SyncMode.DATA);
    }

    /** The page digest of the newest committed state. */
    public long committedDigest() {
        synchronized (lock) {
            return committedDigest;
        }
    }

    /** The newest committed header. */
    public DbHeader committedHeader() {
        synchronized (lock) {
            return committedHeader;
        }
    }

    /** Frames in the current WAL generation. */
    public int walFrames() {
        synchronized (lock) {
            return committedFrames;
        }
    }

    /** The checkpoint sequence of the current WAL generation. */
    public long walCheckpointSequence() {
        return wal.checkpointSequence();
    }

    public String path() {
        return dbPath;
    }

    public String walPath() {
        return wal.path();
    }

    public int cachedPages() {
        return cache.size();
    }

    /**
     * For a clean close of a database that did not fail: leaves a close frame and its witness after
     * the last commit ({@link Wal#writeCloseFrame}), unsynced, so the next open can tell damage to
     * the last commits from a torn tail; then, with {@code shrink}, cuts the WAL to what that
     * leaves and syncs it ({@link Wal#shrinkForClose}). Writer lock held or no writer left.
     */
    public void closeCleanly(boolean shrink) throws IOException {
        long used = wal.writeCloseFrame(commitSequence);
        if (shrink) {
            wal.shrinkForClose(used);
        }
    }

    /**
     * Closes both files. Never syncs (a clean close must not hide a missing sync); the one sync of a
     * clean close is {@link #closeCleanly}'s, of a WAL already cut.
     */
    @Override
    public void close() throws IOException {
        try {
            wal.close();
        } finally {
            db.close();
        }
    }
}
