package dev.crashbench.engine;

import dev.crashbench.engine.catalog.Catalog;
import dev.crashbench.engine.catalog.CatalogCache;
import dev.crashbench.engine.pager.BackgroundCheckpointer;
import dev.crashbench.engine.pager.CheckpointDriver;
import dev.crashbench.engine.pager.CheckpointScheduler;
import dev.crashbench.engine.pager.CommitRecord;
import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.FreePage;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.engine.pager.PageDigest;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.pager.Pager;
import dev.crashbench.engine.pager.TransactionPages;
import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The reference engine: tables of int64 keys and byte-array values in B+trees, a page-image WAL,
 * one writer and any number of snapshot readers. Everything it stores goes through the {@link Vfs}
 * it is given.
 *
 * <p>Commit path, FULL durability: the transaction's dirty pages (page 0 too when the header
 * changed) become consecutive WAL frames, written with one positional write; one
 * {@code fdatasync}; then the commit is published to new readers and {@link WriteTransaction#commit}
 * returns. After a checkpoint-worthy commit, the checkpoint runs on the committing thread; with
 * {@link Optimization#BACKGROUND_CHECKPOINT} it runs on a {@link BackgroundCheckpointer} instead,
 * driven by the {@link CheckpointScheduler} the database was opened with, and a write transaction
 * waits at its start only while the WAL is full (see {@link BackgroundCheckpointer}).
 *
 * <p>With {@link Optimization#GROUP_COMMIT} (FULL durability), a commit has two halves:
 * {@link WriteTransaction#commitAsync} appends the frames (staged in memory, see
 * {@link dev.crashbench.engine.wal.Wal}) and releases the writer lock, and {@link CommitTicket#await}
 * waits for a WAL sync that covers them, shared with every commit appended before that sync
 * started ({@link GroupCommitter}); the frames of all of them go to the WAL in one write just
 * before that sync. {@link WriteTransaction#commit} is both on one thread. The next writer builds
 * on appended commits; readers see a commit only once it is durable. The inline checkpoint runs
 * as the next write transaction begins, never inside a commit's first half.
 *
 * <p>Fail-stop: an I/O error while committing or checkpointing fails that call and leaves the
 * database refusing writes ({@link DatabaseFailedException}) until it is reopened: after a failed
 * sync nothing the engine believes about the disk can be trusted, and retrying the sync could
 * report success for pages the kernel has already dropped. Reads keep working.
 */
public final class Database implements AutoCloseable {
    private final Pager pager;
    private final EngineOptions options;
    /** The decoded catalog every transaction of this opening shares (keyed by content: see the class). */
    private final CatalogCache catalogs = new CatalogCache();
    /**
     * The writer lock. A semaphore, not a lock: a transaction may end on another thread than it
     * began. Fair: writers take it in the order they asked, so a writer that just committed cannot
     * take it again ahead of those waiting. Unfair, 8 writers on this machine's disk kept the same
     * durable commits per second but let one writer run ahead (p99.9 65–112 ms, max 190 ms, against
     * 3.4–4.5 ms and 5.2 ms fair; the README's concurrent-writer figures).
     */
    private final Semaphore writer = new Semaphore(1, true);
    private volatile WriteTransaction currentWriter;
    private volatile Thread writerThread;
    private volatile IOException failure;
    private volatile boolean closed;
    private final EngineEvents events;
    /** With writer_reuse: the one write transaction object every write transaction runs on; made at the first. */
    private WriteTransaction reusedWriter;
    /** Mutation ACK_BEFORE_SYNC only: the last commit was acknowledged and its WAL sync is still owed. Writer only. */
    private boolean ackedUnsynced;
    /** The ticket of every commit durable when appended: immutable, so one serves them all without garbage. */
    private final CommitTicket durableTicket = CommitTicket.durable(this);
    /** The shared syncs of group commit; null when commits are not grouped. */
    private final GroupCommitter group;
    /** With background checkpoints: the checkpointer and what drives it; both null without. */
    private final BackgroundCheckpointer background;
    private final CheckpointDriver checkpointDriver;
    /** Inline checkpoints: whether a write checkpoints before it begins (see {@link #checkpointBeforeWrite}). */
    private final boolean checkpointsBeforeWrites;
    /** How long a writer that found the WAL full waits for the readers holding back its reset. */
    private final long readerGraceNanos;

    private Database(Pager pager, EngineOptions options, EngineEvents events, CheckpointScheduler scheduler) {
        this.pager = pager;
        this.options = options;
        this.events = events;
        this.group = options.has(Optimization.GROUP_COMMIT) && options.durability() == Durability.FULL
                ? new GroupCommitter(pager, events, pager::syncWal, this::failStop,
                        options.has(UnsafeMutation.GROUP_ACK_UNCOVERED))
                : null;
        this.checkpointsBeforeWrites = scheduler.checkpointsBeforeWrites();
        this.readerGraceNanos = scheduler.readerGrace().toNanos();
        if (options.has(Optimization.BACKGROUND_CHECKPOINT)) {
            background = new BackgroundCheckpointer(pager, options.durability() != Durability.OFF,
                    options.autoCheckpointFrames(), new CheckpointHost());
            checkpointDriver = scheduler.drive(background, writer, pager.path());
        } else {
            background = null;
            checkpointDriver = null;
        }
    }

    /** What the background checkpointer reports back: failures stop writes, finished passes are counted. */
    private final class CheckpointHost implements BackgroundCheckpointer.Host {
        @Override
        public boolean healthy() {
            return failure == null && !closed;
        }

        @Override
        public void failed(IOException e) {
            failStop(e); // as any failed write or sync: group commit's rounds in flight fail too
        }

        @Override
        public void finished(Pager.CheckpointResult result) {
            countCheckpoint(result);
            events.count(EngineEvent.BACKGROUND_CHECKPOINT);
        }
    }

    /**
     * Opens the database at {@code path} of {@code vfs}, recovering whatever a crash left: the
     * longest valid prefix of WAL commits over the database file. Creates an empty database when
     * none exists and {@link EngineOptions#create()} allows. Throws {@link CorruptDatabaseException}
     * when the files cannot be trusted.
     *
     * <p>The database file is locked ({@link dev.crashbench.vfs.VfsFile#tryLockExclusive()})
     * before anything is read, until {@link #close()}: while one opening holds it, another, of
     * this process or another one, fails at once with {@link DatabaseLockedException}. The lock
     * dies with the process (or, on SimDisk, with the power), so a crash never leaves it behind.
     */
    public static Database open(Vfs vfs, String path, EngineOptions options) throws IOException {
        return open(vfs, path, options, CheckpointScheduler.THREAD);
    }

    /**
     * {@link #open(Vfs, String, EngineOptions)}, with background checkpoints (when the options switch
     * them on) driven by {@code scheduler}: {@link CheckpointScheduler#THREAD} in production, a
     * {@link dev.crashbench.engine.pager.SteppedCheckpoints} where a seed must decide every step.
     * Without background checkpoints {@code scheduler} is not used.
     */
    public static Database open(Vfs vfs, String path, EngineOptions options, CheckpointScheduler scheduler)
            throws IOException {
        options.checkCombination();
        EngineEvents events = new EngineEvents();
        Pager pager;
        try {
            pager = Pager.open(vfs, path, options, events);
        } catch (FileLockedException e) {
            throw new DatabaseLockedException(path, e);
        }
        Database database;
        try {
            database = new Database(pager, options, events, scheduler);
        } catch (RuntimeException e) {
            try {
                pager.close(); // releases the lock: nothing may keep the database once open failed
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (options.durability() != Durability.OFF && database.walFrames() > 0) {
            // The recovered frames were read through the page cache, which may hold frames that
            // never reached the disk: after a failed fsync the kernel drops the dirty pages' error
            // state but keeps serving them, and a later fsync does not write them (fsyncgate).
            // Commits appended after them would chain to frames the disk does not have, and a
            // checkpoint would copy their pages home ahead of them. So the first thing an open
            // does is to make what it recovered durable: it is copied into a new WAL file renamed
            // over the old one (never rewritten in place), then checkpointed home. The crash
            // explorer found each of these.
            try {
                database.pager.secureRecoveredFrames();
                database.checkpoint();
            } catch (IOException | RuntimeException e) {
                try {
                    database.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return database;
    }

    public static Database open(Vfs vfs, String path) throws IOException {
        return open(vfs, path, EngineOptions.defaults());
    }

    /**
     * Begins the write transaction, waiting while another one is open. A thread that already has
     * one open gets an {@link IllegalStateException} instead of a deadlock. With
     * {@link Optimization#WRITER_REUSE} every call returns the same object, which denotes the
     * transaction running on it: valid until that transaction's commit, rollback or close, used by
     * the thread that began it (see {@link WriteTransaction}).
     */
    public WriteTransaction beginWrite() throws IOException {
        ensureOpen();
        if (writerThread == Thread.currentThread()) {
            throw new IllegalStateException("this thread already has an open write transaction");
        }
        awaitWalRoom();
        writer.acquireUninterruptibly();
        try {
            ensureOpen();
            ensureHealthy();
            runGroupCheckpointIfDue();
            checkpointBeforeWrite();
            WriteTransaction transaction = nextWriteTransaction();
            currentWriter = transaction;
            writerThread = Thread.currentThread();
            return transaction;
        } catch (IOException | RuntimeException e) {
            writer.release();
            throw e;
        }
    }

    /** A new write transaction object, or with writer_reuse the one reused, begun again. Writer lock held. */
    private WriteTransaction nextWriteTransaction() {
        if (!options.has(Optimization.WRITER_REUSE)) {
            return new WriteTransaction(this, new TransactionPages(pager));
        }
        if (reusedWriter == null) {
            reusedWriter = WriteTransaction.reusable(this, TransactionPages.reusable(pager));
        } else {
            events.count(EngineEvent.WRITER_REUSED);
        }
        reusedWriter.begin(options.has(UnsafeMutation.REUSE_KEEPS_ROLLED_BACK_PAGES));
        return reusedWriter;
    }

    CatalogCache catalogs() {
        return catalogs;
    }

    /** A snapshot of the newest committed state. */
    public ReadTransaction beginRead() {
        ensureOpen();
        return new ReadTransaction(pager, catalogs);
    }

    void commit(WriteTransaction transaction) throws IOException {
        if (group != null) {
            awaitDurable(commitAsync(transaction));
            return;
        }
        try {
            ensureHealthy();
            TransactionPages pages = transaction.transactionPages();
            if (pages.isEmpty()) {
                return;
            }
            CommitRecord commit = collect(pages);
            try {
                if (ackedUnsynced) {
                    // Mutation ACK_BEFORE_SYNC: the previous commit's sync, owed since its acknowledgement.
                    pager.syncWal();
                    ackedUnsynced = false;
                }
                if (options.durability() != Durability.OFF) {
                    pager.makeWalHeaderDurable(); // a no-op after the first commit of an opening
                }
                pager.append(commit);
                if (options.durability() == Durability.FULL && options.has(UnsafeMutation.ACK_BEFORE_SYNC)) {
                    // Mutation: the commit is published and acknowledged with its frames only in the
                    // page cache; a cut before the next commit starts loses an acknowledged commit.
                    ackedUnsynced = true;
                } else if (options.durability() == Durability.FULL) {
                    syncCommit();
                }
            } catch (IOException e) {
                failStop(e);
                throw e;
            }
            pager.publishAppended();
            pages.committed();
            events.count(EngineEvent.COMMIT);
            checkpointIfDue();
        } finally {
            endWrite(transaction);
        }
    }

    /**
     * With background checkpoints, before a write transaction takes the writer lock: while the WAL
     * is full, waits for the checkpointer to reset it (or to run out of what it may do).
     */
    private void awaitWalRoom() {
        if (background != null && background.full()) {
            events.count(EngineEvent.WAL_FULL_WAIT);
            checkpointDriver.awaitRoom();
        }
    }

    /**
     * Inline checkpoints, writer lock held, before the write transaction exists: the checkpoint that
     * keeps the WAL bounded under overlapping readers. The checkpoint after a commit can never reset
     * the WAL while a reader that began before that commit is open (the reader sees an older state),
     * and readers that overlap, never all closed at once, would so keep the WAL growing for ever.
     * Here, between commits, a reader that began since the last commit sees the whole WAL and does
     * not hold the reset back; so once the WAL is at {@code auto_checkpoint_frames} or more, a pass
     * runs whenever it would do anything ({@link Pager#checkpointWouldProgress}: pages home that the
     * last pass could not copy, or the reset). Once the WAL is full (twice that), the writer first
     * waits up to the reader grace ({@link CheckpointScheduler#readerGrace}) for the readers older
     * than the WAL's end: while it waits the end stands still, so every reader that begins sees all
     * of it, and the reset comes as soon as the older ones close. A reader open longer than the
     * grace lets that writer go on, and later writers go on without waiting for it: the WAL grows
     * past full until the reader closes. Allocation-free below the threshold.
     */
    private void checkpointBeforeWrite() throws IOException {
        if (background != null || !checkpointsBeforeWrites || pager.walFrames() < options.autoCheckpointFrames()) {
            return;
        }
        try {
            if (group != null && pager.appendedFrames() != pager.walFrames()) {
                group.syncAll(); // a checkpoint copies home durable commits only
            }
            if (pager.walFrames() >= BackgroundCheckpointer.fullFrames(options.autoCheckpointFrames())) {
                pager.awaitResetRoom(readerGraceNanos); // counts WAL_FULL_WAIT when it waits
            }
            if (pager.checkpointWouldProgress()) {
                countCheckpoint(pager.checkpoint(options.durability() != Durability.OFF));
            }
        } catch (IOException e) {
            failStop(e);
            throw e;
        }
    }

    /** The transaction's pages as one commit: on the single-page fast path when it is on and fits. */
    private CommitRecord collect(TransactionPages pages) throws IOException {
        long sequence = pager.walCheckpointSequence();
        if (options.has(Optimization.SINGLE_PAGE_FAST_PATH)) {
            CommitRecord single = pages.prepareSinglePage(sequence, options.has(UnsafeMutation.FAST_PATH_SKIPS_DIGEST));
            if (single != null) {
                events.count(EngineEvent.SINGLE_PAGE_COMMIT);
                return single;
            }
        }
        return pages.prepare(sequence);
    }

    /**
     * After a commit, under the writer lock: the inline checkpoint once the WAL holds enough frames,
     * or, with background checkpoints, a wake of the checkpointer (which copies home published
     * commits only, so nothing needs syncing here).
     */
    private void checkpointIfDue() {
        if (background != null) {
            if (background.committed(pager.walFrames())) {
                checkpointDriver.wake();
            }
            return;
        }
        if (pager.walFrames() >= options.autoCheckpointFrames() && pager.checkpointWouldProgress()) {
            try {
                countCheckpoint(pager.checkpoint(options.durability() != Durability.OFF));
            } catch (IOException e) {
                // The commit itself is durable and stays acknowledged; the failed checkpoint
                // stops later writes.
                failStop(e);
            }
        }
    }

    /**
     * The first half of a commit: appends its frames and releases the writer lock; the returned
     * ticket's {@link CommitTicket#await} is the second half. Without group commit (or below FULL
     * durability) this is the whole {@link #commit}, and the ticket is already durable.
     */
    CommitTicket commitAsync(WriteTransaction transaction) throws IOException {
        if (group == null) {
            commit(transaction);
            return durableTicket;
        }
        try {
            ensureHealthy();
            TransactionPages pages = transaction.transactionPages();
            if (pages.isEmpty()) {
                // Nothing to append, but the transaction read (and its caller may act on) the
                // commits in flight it built on: it is acknowledged once they are durable.
                return group.builtOn(this);
            }
            CommitRecord commit = collect(pages);
            try {
                pager.makeWalHeaderDurable(); // a no-op after the first commit of an opening
                pager.append(commit);
            } catch (IOException e) {
                failStop(e);
                throw e;
            }
            // With writer_reuse, the writer's objects are handed back before the lock passes on:
            // the next writer reuses them while this commit waits for its sync.
            pages.committed();
            CommitTicket ticket = group.appended(this);
            if (options.has(UnsafeMutation.GROUP_PUBLISH_BEFORE_SYNC)) {
                // Mutation: readers see the commit as soon as it is appended, before any sync covers
                // it; a cut then takes back a state that readers (and what they did with it) saw.
                pager.publishAppended();
            }
            if (background != null) {
                checkpointIfDue(); // no sync on this thread: the checkpointer waits for the group's
            }
            // An inline checkpoint this commit made due is run by the next write transaction as it
            // begins (runGroupCheckpointIfDue), not here: callers count a commit's first half under
            // locks of their own (a JDBC connection's commit count, which every connection needs to
            // acknowledge a commit or begin a snapshot), and a checkpoint's syncs under them would
            // hold back every other commit's acknowledgement, durable or not.
            return ticket;
        } finally {
            endWrite(transaction);
        }
    }

    /**
     * Group commit without background checkpoints, as a write transaction begins (writer lock held):
     * the inline checkpoint once the appended WAL holds {@code auto_checkpoint_frames} frames. It
     * copies home only durable commits and resets the WAL under none that are not, so everything
     * appended is synced and published first. Only writers wait for it, as they wait for the writer
     * lock; commits in flight are acknowledged by the sync it starts with.
     */
    private void runGroupCheckpointIfDue() throws IOException {
        if (group == null || background != null || pager.appendedFrames() < options.autoCheckpointFrames()) {
            return;
        }
        group.syncAll();
        checkpointIfDue();
        ensureHealthy(); // a failed checkpoint stopped writes, this one's too
    }

    /** The second half of a group commit: see {@link CommitTicket#await}. */
    void awaitDurable(CommitTicket ticket) throws IOException {
        if (ticket.commit() > 0) {
            ensureOpen();
            group.await(ticket.commit(), ticket.round());
        }
        if (ticket.acknowledge()) {
            events.count(EngineEvent.COMMIT);
        }
    }

    boolean isDurable(CommitTicket ticket) {
        return ticket.commit() == 0 || group.isDurable(ticket.commit());
    }

    /** Stops writes after an I/O failure (the first one is kept): see the class comment. */
    private void failStop(IOException e) {
        if (failure == null) {
            failure = e;
        }
        if (group != null) {
            group.stop(e);
        }
    }

    /** The FULL-durability sync of a commit's frames, before it is acknowledged. */
    private void syncCommit() throws IOException {
        try {
            pager.syncWal();
        } catch (IOException e) {
            if (!options.has(UnsafeMutation.RETRY_SYNC_AFTER_EIO)) {
                throw e;
            }
            // Mutation: the failed sync is retried and, when the retry succeeds, the commit is
            // acknowledged. After a failed fsync the kernel may have dropped the dirty pages and
            // marked them clean, so the retry "succeeds" without writing them: the acknowledged
            // commit is lost at the next power cut (the fsyncgate bug class).
            try {
                pager.syncWal();
            } catch (IOException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    private Pager.CheckpointResult countCheckpoint(Pager.CheckpointResult result) {
        if (result.pagesWritten() > 0) {
            events.count(EngineEvent.CHECKPOINT);
        }
        if (result.walReset()) {
            events.count(EngineEvent.WAL_RESET);
        }
        return result;
    }

    /** Releases the writer lock held by {@code transaction} (after commit or rollback). */
    void endWrite(WriteTransaction transaction) {
        if (currentWriter == transaction) {
            if (options.has(UnsafeMutation.REUSE_KEEPS_ROLLED_BACK_PAGES)) {
                // Mutation: a rolled-back transaction's pages stay in the reused writer, and the next
                // transaction commits them: a rolled-back change becomes durable and visible.
                transaction.transactionPages().abandonKeepingPages();
            } else {
                transaction.transactionPages().discard();
            }
            currentWriter = null;
            writerThread = null;
            writer.release();
        }
    }

    /**
     * Copies committed pages home and, when no reader needs the old state, resets the WAL. Waits
     * for the writer lock. Returns what it did. With background checkpoints, the pass in progress
     * is finished first, then a whole one runs, both on this thread.
     */
    public Pager.CheckpointResult checkpoint() throws IOException {
        ensureOpen();
        if (writerThread == Thread.currentThread()) {
            throw new IllegalStateException("cannot checkpoint inside this thread's open write transaction");
        }
        writer.acquireUninterruptibly();
        try {
            ensureHealthy();
            if (group != null) {
                group.syncAll(); // a checkpoint copies home durable commits only
            }
            if (background != null) {
                return countCheckpoint(background.runToCompletion());
            }
            boolean sync = options.durability() != Durability.OFF;
            Pager.CheckpointResult result = countCheckpoint(pager.checkpoint(sync));
            if (sync) {
                // An open reader may have kept frames from going home; a returned checkpoint still
                // promises (NORMAL durability) that every commit before it is durable.
                pager.makeCommittedFramesDurable();
            }
            return result;
        } catch (IOException e) {
            if (!(e instanceof DatabaseFailedException)) {
                failStop(e);
            }
            throw e;
        } finally {
            writer.release();
        }
    }

    /**
     * Checks the newest committed state: every tree's key order and shape, overflow chains, the
     * free list, that every page but the header belongs to exactly one structure, and that the
     * pages add up to the page digest their commit recorded (which catches a page holding another
     * intact version of itself: a lost or misplaced write, see {@link PageDigest}). Returns the
     * problems found, each typed as detected damage ({@link IntegrityProblem.Kind#CORRUPTION}) or
     * as verified pages that disagree ({@link IntegrityProblem.Kind#INCONSISTENCY}); empty when the
     * database is sound.
     */
    public List<IntegrityProblem> checkIntegrity() throws IOException {
        try (ReadTransaction read = beginRead()) {
            DbHeader header = read.snapshot().header();
            PageOwners owners = new PageOwners(header.pageCount());
            try {
                new Catalog(read.pages(), header.catalogRoot()).verify(owners);
                verifyFreeList(read, header, owners);
                verifyDigest(read, header, owners);
            } catch (CorruptDatabaseException e) {
                // A page a structure's walk re-read outside its own checks: the walk cannot go on.
                owners.corruption(e.getMessage());
                return owners.problemsSoFar();
            }
            return owners.finish();
        }
    }

    /**
     * Recomputes the page digest over every page and compares it with the one the snapshot's commit
     * recorded. A page that cannot be read is reported (once) instead, and the digest is then not
     * compared: the damage is already known.
     */
    private static void verifyDigest(ReadTransaction read, DbHeader header, PageOwners owners) throws IOException {
        long digest = PageDigest.EMPTY;
        boolean complete = true;
        PageChecksum checksum = new PageChecksum();
        for (int page = 0; page < header.pageCount(); page++) {
            try {
                digest = PageDigest.add(digest, page, PageDigest.checksumOf(page, read.pages().read(page), checksum));
            } catch (CorruptDatabaseException e) {
                complete = false;
                if (!owners.isUnreadable(page)) {
                    owners.unreadable(page, e.getMessage());
                }
            }
        }
        if (complete && digest != read.snapshot().digest()) {
            owners.corruption("the " + header.pageCount() + " pages do not add up to the page digest their commit"
                    + " recorded: some page holds another version than that commit left (a write lost, misdirected,"
                    + " or copied home from a commit the WAL no longer has)");
        }
    }

    private static void verifyFreeList(ReadTransaction read, DbHeader header, PageOwners owners) throws IOException {
        int page = header.freeListHead();
        int length = 0;
        while (page != 0) {
            if (!owners.claim(page, "the free list")) {
                return;
            }
            byte[] image;
            try {
                image = read.pages().read(page);
            } catch (CorruptDatabaseException e) {
                owners.unreadable(page, "the free list: " + e.getMessage());
                return;
            }
            if (!FreePage.isFree(image)) {
                owners.inconsistency("page " + page + " is on the free list but has type " + image[0]);
                return;
            }
            length++;
            page = FreePage.next(image);
        }
        if (length != header.freePageCount()) {
            owners.inconsistency("the header counts " + header.freePageCount() + " free pages, the free list has "
                    + length);
        }
    }

    /** The first I/O failure that stopped writes, or null while the database is healthy. */
    public IOException failure() {
        return failure;
    }

    public EngineOptions options() {
        return options;
    }

    /** What this opening has done so far, counted (see {@link EngineEvent}). */
    public EngineEvents events() {
        return events;
    }

    /** The database header as of the newest commit. */
    public DbHeader header() {
        return pager.committedHeader();
    }

    /** The page digest ({@link PageDigest}) of the newest commit: what the integrity check recomputes. */
    public long pageDigest() {
        return pager.committedDigest();
    }

    /** Frames in the current WAL generation (commits since the last WAL reset, in pages). */
    public int walFrames() {
        return pager.walFrames();
    }

    public String path() {
        return pager.path();
    }

    public String walPath() {
        return pager.walPath();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("database " + pager.path() + " is closed");
        }
    }

    private void ensureHealthy() throws DatabaseFailedException {
        IOException first = failure;
        if (first != null) {
            throw new DatabaseFailedException(pager.path(), first);
        }
    }

    /**
     * Rolls back an open write transaction and closes the files. Never checkpoints: what is
     * durable was made durable by commits and checkpoints, and the next open recovers the rest
     * from the WAL. With group commit, commits appended and not yet awaited whose frames are still
     * gathered in memory are not written either: none of them was acknowledged, and their tickets
     * can no longer be awaited. A database that did not fail leaves a close frame and its witness
     * in the WAL, unsynced (see {@link dev.crashbench.engine.wal.WalFrame}), and, unless its
     * durability is OFF or a commit's frames are not yet known durable, cuts the WAL to its live
     * frames and syncs that (see {@link dev.crashbench.engine.wal.Wal#shrinkForClose}): a cleanly
     * closed database keeps no preallocated WAL.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        WriteTransaction open = currentWriter;
        if (open != null) {
            open.rollback();
        }
        closed = true;
        try {
            if (checkpointDriver != null) {
                checkpointDriver.close(); // stops the checkpointer before its files close; syncs nothing
            }
            // Unsynced evidence that the WAL was whole here; after a failure nothing about the WAL's
            // state may be vouched for. Only while no commit holds the writer: one on another thread
            // may have stored its frames at the WAL's end without having moved the end yet, and a
            // close frame written there would overwrite its first frame, which may still be
            // acknowledged (its sync comes after), and cutting the WAL could drop it. Skipping both
            // costs nothing but the evidence and the space.
            if (failure == null && writer.tryAcquire()) {
                try {
                    pager.closeCleanly(options.durability() != Durability.OFF);
                } finally {
                    writer.release();
                }
            }
        } finally {
            pager.close(); // closes the database file, and so releases its lock, whatever happened above
        }
    }
}
