package dev.crashbench.engine.pager;

import dev.crashbench.engine.CorruptDatabaseException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 */
public final class TransactionPages implements PageAccess {
    private final Pager pager;
    private final Snapshot base;
    private final PageChecksum checksum = new PageChecksum();
    private final Map<Integer, byte[]> dirty = new HashMap<>();
    /** The checksum trailer each dirty page had in the snapshot; absent for pages past its end. */
    private final Map<Integer, Integer> baseTrailers = new HashMap<>();
    private DbHeader header;
    private boolean ended;

    public TransactionPages(Pager pager) {
        this.pager = pager;
        this.base = pager.writerSnapshot();
        this.header = base.header();
    }

    @Override
    public byte[] read(int pageId) throws IOException {
        ensureActive();
        byte[] own = dirty.get(pageId);
        if (own != null) {
            return own;
        }
        return pager.read(base, pageId, checksum);
    }

    @Override
    public byte[] write(int pageId) throws IOException {
        ensureActive();
        byte[] own = dirty.get(pageId);
        if (own == null) {
            byte[] committed = pager.read(base, pageId, checksum);
            baseTrailers.put(pageId, PageDigest.checksumOf(pageId, committed, checksum));
            own = committed.clone();
            dirty.put(pageId, own);
        }
        return own;
    }

    @Override
    public int allocate() throws IOException {
        ensureActive();
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
        dirty.put(id, new byte[Page.SIZE]);
        return id;
    }

    @Override
    public void free(int pageId) throws IOException {
        if (pageId <= 0 || pageId >= header.pageCount()) {
            throw new IllegalArgumentException("cannot free page " + pageId + " of " + header.pageCount());
        }
        byte[] page = write(pageId);
        if (FreePage.isFree(page)) {
            // Freeing it again would make it the head and link it to itself: a cycle.
            throw corruption(pageId, "page is freed twice (it is already on the free list)");
        }
        FreePage.format(page, header.freeListHead());
        header = header.withFreeList(pageId, header.freePageCount() + 1);
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
        return dirty.isEmpty() && header.equals(base.header());
    }

    /**
     * Dirty pages in page-id order, sealed and ready for {@link Pager#append}; page 0 included when
     * the header changed. Also the page digest of the database after the commit.
     */
    public Commit prepare(long walCheckpointSequence) throws IOException {
        // The first commit of each WAL generation records that generation's checkpoint sequence in
        // page 0 (see Pager#recover for the check it enables).
        if (header.checkpointSequence() != walCheckpointSequence) {
            header = header.withCheckpointSequence(walCheckpointSequence);
        }
        if (!header.equals(base.header())) {
            header.encode(write(0));
        }
        int[] ids = new int[dirty.size()];
        int n = 0;
        for (int id : dirty.keySet()) {
            ids[n++] = id;
        }
        Arrays.sort(ids);
        byte[][] images = new byte[n][];
        long digest = base.digest();
        for (int i = 0; i < n; i++) {
            images[i] = dirty.get(ids[i]);
            checksum.seal(ids[i], images[i]);
            Integer before = baseTrailers.get(ids[i]);
            int after = PageDigest.checksumOf(ids[i], images[i], checksum);
            digest = before == null ? PageDigest.add(digest, ids[i], after)
                    : PageDigest.replace(digest, ids[i], before, after);
        }
        return new Commit(ids, images, n, header, digest);
    }

    /**
     * One transaction's frames, in page-id order, sealed.
     *
     * @param digest the page digest of the database after the transaction
     */
    public record Commit(int[] pageIds, byte[][] images, int count, DbHeader header, long digest) {
    }

    /** Forgets every change and ends the transaction: every later page access throws. */
    public void discard() {
        dirty.clear();
        baseTrailers.clear();
        header = base.header();
        ended = true;
    }

    private void ensureActive() {
        if (ended) {
            throw new IllegalStateException("write transaction has ended");
        }
    }
}
