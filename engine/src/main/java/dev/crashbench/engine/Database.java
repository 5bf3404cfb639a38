package dev.crashbench.engine;

import dev.crashbench.engine.catalog.Catalog;
import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.FreePage;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.engine.pager.PageDigest;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.pager.Pager;
import dev.crashbench.engine.pager.TransactionPages;
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
 * returns. After a checkpoint-worthy commit, the checkpoint runs on the committing thread.
 *
 * <p>Fail-stop: an I/O error while committing or checkpointing fails that call and leaves the
 * database refusing writes ({@link DatabaseFailedException}) until it is reopened: after a failed
 * sync nothing the engine believes about the disk can be trusted, and retrying the sync could
 * report success for pages the kernel has already dropped. Reads keep working.
 */
public final class Database implements AutoCloseable {
    private final Pager pager;
    private final EngineOptions options;
    /** The writer lock. A semaphore, not a lock: a transaction may end on another thread than it began. */
    private final Semaphore writer = new Semaphore(1);
    private volatile WriteTransaction currentWriter;
    private volatile Thread writerThread;
    private volatile IOException failure;
    private volatile boolean closed;
    private final EngineEvents events;
    /** Mutation ACK_BEFORE_SYNC only: the last commit was acknowledged and its WAL sync is still owed. Writer only. */
    private boolean ackedUnsynced;

    private Database(Pager pager, EngineOptions options, EngineEvents events) {
        this.pager = pager;
        this.options = options;
        this.events = events;
    }

    /**
     * Opens the database at {@code path} of {@code vfs}, recovering whatever a crash left: the
     * longest valid prefix of WAL commits over the database file. Creates an empty database when
     * none exists and {@link EngineOptions#create()} allows. Throws {@link CorruptDatabaseException}
     * when the files cannot be trusted.
     */
    public static Database open(Vfs vfs, String path, EngineOptions options) throws IOException {
        options.checkCombination();
        EngineEvents events = new EngineEvents();
        Pager pager = Pager.open(vfs, path, options, events);
        Database database = new Database(pager, options, events);
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
     * one open gets an {@link IllegalStateException} instead of a deadlock.
     */
    public WriteTransaction beginWrite() throws IOException {
        ensureOpen();
        if (writerThread == Thread.currentThread()) {
            throw new IllegalStateException("this thread already has an open write transaction");
        }
        writer.acquireUninterruptibly();
        try {
            ensureOpen();
            ensureHealthy();
            WriteTransaction transaction = new WriteTransaction(this, new TransactionPages(pager));
            currentWriter = transaction;
            writerThread = Thread.currentThread();
            return transaction;
        } catch (IOException | RuntimeException e) {
            writer.release();
            throw e;
        }
    }

    /** A snapshot of the newest committed state. */
    public ReadTransaction beginRead() {
        ensureOpen();
        return new ReadTransaction(pager);
    }

    void commit(WriteTransaction transaction) throws IOException {
        try {
            ensureHealthy();
            TransactionPages pages = transaction.transactionPages();
            if (pages.isEmpty()) {
                return;
            }
            TransactionPages.Commit commit = pages.prepare(pager.walCheckpointSequence());
            int first;
            try {
                if (ackedUnsynced) {
                    // Mutation ACK_BEFORE_SYNC: the previous commit's sync, owed since its acknowledgement.
                    pager.syncWal();
                    ackedUnsynced = false;
                }
                if (options.durability() != Durability.OFF) {
                    pager.makeWalHeaderDurable(); // a no-op after the first commit of an opening
                }
                first = pager.append(commit.pageIds(), commit.images(), commit.count(), commit.header(),
                        commit.digest());
                if (options.durability() == Durability.FULL && options.has(UnsafeMutation.ACK_BEFORE_SYNC)) {
                    // Mutation: the commit is published and acknowledged with its frames only in the
                    // page cache; a cut before the next commit starts loses an acknowledged commit.
                    ackedUnsynced = true;
                } else if (options.durability() == Durability.FULL) {
                    syncCommit();
                }
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            pager.publish(first, commit.pageIds(), commit.images(), commit.count(), commit.header(),
                    commit.digest());
            events.count(EngineEvent.COMMIT);
            if (pager.walFrames() >= options.autoCheckpointFrames()) {
                try {
                    countCheckpoint(pager.checkpoint(options.durability() != Durability.OFF));
                } catch (IOException e) {
                    // The commit itself is durable and stays acknowledged; the failed checkpoint
                    // stops later writes.
                    failure = e;
                }
            }
        } finally {
            endWrite(transaction);
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
        return result;
    }

    /** Releases the writer lock held by {@code transaction} (after commit or rollback). */
    void endWrite(WriteTransaction transaction) {
        if (currentWriter == transaction) {
            transaction.transactionPages().discard();
            currentWriter = null;
            writerThread = null;
            writer.release();
        }
    }

    /**
     * Copies committed pages home and, when no reader needs the old state, resets the WAL. Waits
     * for the writer lock. Returns what it did.
     */
    public Pager.CheckpointResult checkpoint() throws IOException {
        ensureOpen();
        if (writerThread == Thread.currentThread()) {
            throw new IllegalStateException("cannot checkpoint inside this thread's open write transaction");
        }
        writer.acquireUninterruptibly();
        try {
            ensureHealthy();
            return countCheckpoint(pager.checkpoint(options.durability() != Durability.OFF));
        } catch (IOException e) {
            if (!(e instanceof DatabaseFailedException)) {
                failure = e;
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
     * Rolls back an open write transaction and closes the files. Never syncs and never
     * checkpoints: what is durable was made durable by commits and checkpoints, and the next
     * open recovers the rest from the WAL.
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
        pager.close();
    }
}
