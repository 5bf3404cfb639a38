package dev.crashbench.engine.pager;

import dev.crashbench.engine.CorruptDatabaseException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The {@link PageAccess} of a write transaction: a private copy of every page it modifies (its
 * dirty pages), its working database header (page count, free list, catalog root), and the
 * commit that turns them into one WAL append.
 *
 * <p>Dirty pages never enter the shared {@link PageCache} before the commit is published, so no
 * reader and no eviction can see or write home an uncommitted page. Rollback is dropping them.
 *
 * <p>The commit's page digest ({@link PageDigest}) is the snapshot's with each dirty page's
 * checksum replaced: the one the page had when this transaction first touched it (none for a
 * page past the snapshot's end) by the one {@link #prepare} seals into it.
 *
 * <p>Reuse (the {@code writer_reuse} optimization, {@link #reusable}): one instance serves every
 * write transaction of an opening. {@link #begin} moves its snapshot to the newest commit and
 * empties its dirty pages, keeping every array; page arrays come from a pool fed by rolled-back
 * private copies and by committed images that a commit replaced and nothing else can still hold
 * ({@link Pager#retire}); and the {@link CommitRecord} is filled in place. Once warm, a
 * transaction that dirties no more pages than earlier ones allocates nothing here.
 */
public final class TransactionPages implements PageAccess {
    /** Page arrays a reused writer keeps for later transactions, at most. */
    static final int POOL_PAGES = 64;

    private final Pager pager;
    private final Snapshot base;
    private final PageChecksum checksum = new PageChecksum();
    private final DirtyPages dirty = new DirtyPages();
    /** Null unless reused: the record each commit fills. */
    private final CommitRecord reusedCommit;
    /** Null unless reused: page arrays free for this writer's next private copies. */
    private final ArrayDeque<byte[]> pool;
    private DbHeader header;
    private boolean ended;
    /** See {@link #layoutVersion}: moved by every allocation, free, begin and end. */
    private long layout;

    /** The pages of one write transaction on the newest committed state. */
    public TransactionPages(Pager pager) {
        this(pager, false);
    }

    private TransactionPages(Pager pager, boolean reused) {
        this.pager = pager;
        this.base = pager.writerSnapshot();
        this.header = base.header();
        this.reusedCommit = reused ? new CommitRecord(16) : null;
        this.pool = reused ? new ArrayDeque<>(POOL_PAGES) : null;
        this.ended = reused;
    }

    /**
     * Pages for every write transaction of an opening, one after the other: each starts with
     * {@link #begin} and ends with {@link #discard}. Single writer only.
     */
    public static TransactionPages reusable(Pager pager) {
        return new TransactionPages(pager, true);
    }

    /** Starts the next transaction of a {@link #reusable} instance on the newest committed state. */
    public void begin() {
        if (pool == null) {
            throw new IllegalStateException("only a reusable instance begins again");
        }
        if (!ended) {
            throw new IllegalStateException("the previous write transaction has not ended");
        }
        pager.moveWriterSnapshot(base);
        header = base.header();
        ended = false;
        layout++;
    }

    /**
     * {@link #begin}, except that whatever the previous transaction left dirty is kept, as a reused
     * writer that forgot to empty its pages after a rollback would. For the unsafe mutation
     * {@code REUSE_KEEPS_ROLLED_BACK_PAGES} only.
     */
    public void beginKeepingLeftovers() {
        DbHeader left = header;
        begin();
        if (!dirty.isEmpty()) {
            header = left;
        }
    }

    @Override
    public byte[] read(int pageId) throws IOException {
        ensureActive();
        byte[] own = dirty.image(pageId);
        if (own != null) {
            return own;
        }
        return pager.read(base, pageId, checksum);
    }

    /** A page this transaction changed is verified on every call (it keeps changing); any other once per cached image. */
    @Override
    public byte[] readVerified(int pageId, PageStructure structure) throws IOException {
        ensureActive();
        byte[] own = dirty.image(pageId);
        if (own != null) {
            structure.verify(own, pageId, this);
            return own;
        }
        return pager.readVerified(base, pageId, checksum, structure, this);
    }

    @Override
    public byte[] write(int pageId) throws IOException {
        ensureActive();
        byte[] own = dirty.image(pageId);
        if (own == null) {
            byte[] committed = pager.read(base, pageId, checksum);
            int trailer = PageDigest.checksumOf(pageId, committed, checksum);
            own = copyOf(committed);
            dirty.add(pageId, own, committed, trailer);
        }
        return own;
    }

    /** A private copy of {@code committed}, in a pooled array when there is one. */
    private byte[] copyOf(byte[] committed) {
        byte[] spare = pool == null ? null : pool.pollLast();
        if (spare == null) {
            return committed.clone();
        }
        System.arraycopy(committed, 0, spare, 0, Page.SIZE);
        return spare;
    }

    /** A zero-filled page, from the pool when there is one. */
    private byte[] blank() {
        byte[] spare = pool == null ? null : pool.pollLast();
        if (spare == null) {
            return new byte[Page.SIZE];
        }
        Arrays.fill(spare, (byte) 0);
        return spare;
    }

    @Override
    public int allocate() throws IOException {
        ensureActive();
        layout++;
        int head = header.freeListHead();
        if (head != 0) {
            byte[] page = write(head);
            if (!FreePage.isFree(page)) {
                throw corruption(head, "free list head is a page of type " + page[0] + ", not a free page");
            }
            int next = FreePage.next(page);
            int remaining = header.freePageCount() - 1;
            if ((next == 0) != (remaining == 0) || next < 0 || next >= header.pageCount()) {
                throw corruption(head, "free list link " + next + " with " + remaining + " free pages left");
            }
            header = header.withFreeList(next, remaining);
            Arrays.fill(page, (byte) 0);
            return head;
        }
        int id = header.pageCount();
        if (id == Integer.MAX_VALUE) {
            throw new IOException("database is full: " + id + " pages");
        }
        header = header.withPageCount(id + 1);
        dirty.add(id, blank(), null, 0);
        return id;
    }

    @Override
    public void free(int pageId) throws IOException {
        if (pageId <= 0 || pageId >= header.pageCount()) {
            throw new IllegalArgumentException("cannot free page " + pageId + " of " + header.pageCount());
        }
        layout++;
        byte[] page = write(pageId);
        if (FreePage.isFree(page)) {
            // Freeing it again would make it the head and link it to itself: a cycle.
            throw corruption(pageId, "page is freed twice (it is already on the free list)");
        }
        FreePage.format(page, header.freeListHead());
        header = header.withFreeList(pageId, header.freePageCount() + 1);
    }

    @Override
    public long layoutVersion() {
        return layout;
    }

    @Override
    public int pageCount() {
        return header.pageCount();
    }

    @Override
    public CorruptDatabaseException corruption(int pageId, String detail) {
        return new CorruptDatabaseException(pager.path(), pageId, detail);
    }

    public DbHeader header() {
        return header;
    }

    public void setCatalogRoot(int root) {
        header = header.withCatalogRoot(root);
    }

    public boolean isEmpty() {
        return dirty.isEmpty() && headerUnchanged();
    }

    /** Pages this transaction has dirtied so far. */
    public int dirtyPageCount() {
        return dirty.size();
    }

    /**
     * Dirty pages in page-id order, sealed and ready for {@link Pager#append}; page 0 included when
     * the header changed. Also the page digest of the database after the commit.
     */
    public CommitRecord prepare(long walCheckpointSequence) throws IOException {
        recordCheckpointSequence(walCheckpointSequence);
        if (!headerUnchanged()) {
            header.encode(write(0));
        }
        int n = dirty.size();
        CommitRecord commit = emptyRecord(n);
        for (int i = 0; i < n; i++) {
            commit.add(dirty.idAt(i), null);
        }
        int[] ids = commit.pageIds();
        Arrays.sort(ids, 0, n);
        byte[][] images = commit.images();
        long digest = base.digest();
        for (int i = 0; i < n; i++) {
            images[i] = dirty.image(ids[i]);
            digest = sealAndCount(digest, ids[i], images[i]);
        }
        commit.seal(header, digest);
        return commit;
    }

    /**
     * The single-page fast path: when the transaction dirtied exactly one page and left the header
     * as it was (after recording the WAL generation's checkpoint sequence, which the first commit
     * of a generation changes), that page sealed as the whole commit, without collecting, sorting
     * or building arrays; otherwise null, and the commit takes {@link #prepare}.
     *
     * @param unsafeSkipDigest the unsafe mutation {@code FAST_PATH_SKIPS_DIGEST}: the commit keeps
     *                         the snapshot's page digest instead of replacing the page's checksum
     *                         in it, so the digest no longer adds up to the pages
     */
    public CommitRecord prepareSinglePage(long walCheckpointSequence, boolean unsafeSkipDigest) throws IOException {
        recordCheckpointSequence(walCheckpointSequence);
        if (dirty.size() != 1 || !headerUnchanged()) {
            return null;
        }
        int pageId = dirty.idAt(0);
        byte[] image = dirty.image(pageId);
        long digest = sealAndCount(base.digest(), pageId, image);
        CommitRecord commit = emptyRecord(1);
        commit.add(pageId, image);
        commit.seal(header, unsafeSkipDigest ? base.digest() : digest);
        return commit;
    }

    /** Whether the header is the snapshot's; the same object in the common case, compared without a call. */
    private boolean headerUnchanged() {
        DbHeader before = base.header();
        return header == before || header.equals(before);
    }

    /**
     * The first commit of each WAL generation records that generation's checkpoint sequence in
     * page 0 (see Pager#recover for the check it enables).
     */
    private void recordCheckpointSequence(long walCheckpointSequence) {
        if (header.checkpointSequence() != walCheckpointSequence) {
            header = header.withCheckpointSequence(walCheckpointSequence);
        }
    }

    /** Seals {@code image} and returns {@code digest} with the page's checksum replaced (or added). */
    private long sealAndCount(long digest, int pageId, byte[] image) {
        checksum.seal(pageId, image);
        int after = PageDigest.checksumOf(pageId, image, checksum);
        return dirty.hasBase(pageId) ? PageDigest.replace(digest, pageId, dirty.baseTrailer(pageId), after)
                : PageDigest.add(digest, pageId, after);
    }

    private CommitRecord emptyRecord(int pages) {
        if (reusedCommit == null) {
            return new CommitRecord(pages);
        }
        reusedCommit.clear();
        return reusedCommit;
    }

    /**
     * Ends the transaction after its commit was published: a reusable instance takes back, for
     * its next private copies, the committed images the commit replaced that nothing else can
     * still hold ({@link Pager#retire}). Then as {@link #discard}, except that the published
     * images, which the cache now shares, are never reused.
     */
    public void committed() {
        if (pool != null && !ended) {
            for (int i = 0; i < dirty.size(); i++) {
                int pageId = dirty.idAt(i);
                byte[] replaced = dirty.base(pageId);
                if (replaced != null && pool.size() < POOL_PAGES && pager.retire(base, pageId, replaced)) {
                    pool.addLast(replaced);
                }
            }
        }
        end();
    }

    /**
     * Forgets every change and ends the transaction: every later page access throws. A reusable
     * instance keeps the private copies, which nobody else ever saw, for its next transaction.
     */
    public void discard() {
        if (pool != null && !ended) {
            for (int i = 0; i < dirty.size() && pool.size() < POOL_PAGES; i++) {
                pool.addLast(dirty.image(dirty.idAt(i)));
            }
        }
        end();
    }

    /**
     * Ends the transaction keeping its dirty pages and header, for {@link #beginKeepingLeftovers}:
     * the unsafe mutation {@code REUSE_KEEPS_ROLLED_BACK_PAGES} only.
     */
    public void abandonKeepingPages() {
        ended = true;
    }

    private void end() {
        layout++;
        dirty.clear();
        header = base.header();
        ended = true;
    }

    private void ensureActive() {
        if (ended) {
            throw new IllegalStateException("write transaction has ended");
        }
    }
}
