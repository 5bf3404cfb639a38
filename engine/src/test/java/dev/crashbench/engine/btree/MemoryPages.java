package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageOwners;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory {@link PageAccess} for tests that also polices the tree's side of the contract:
 *
 * <ul>
 *   <li>images from {@link #read} are committed images shared with "other transactions"; {@link #commit}
 *       fails if any was modified;</li>
 *   <li>{@link #write} hands out a private copy per transaction; {@link #commit} fails if the tree
 *       touched a page's checksum trailer;</li>
 *   <li>reading, writing or freeing a free page, and ids outside the file, fail at once
 *       ({@link #lenient} makes free pages readable, as a real pager would, for damage tests);</li>
 *   <li>{@link #readOnly} makes every change fail, to prove an operation only reads.</li>
 * </ul>
 *
 * Page 0 stands for the database header and is never handed out. Reads and writes allocate
 * nothing after a page's first write in a transaction, so allocation tests can measure the tree.
 */
public final class MemoryPages implements PageAccess {
    private final byte[] freeImage = freeImage();

    private byte[][] committed = new byte[16][];
    private byte[][] shadow = new byte[16][];
    private byte[][] dirty = new byte[16][];
    private boolean[] free = new boolean[16];
    private int pageCount = 1;
    private int[] freeList = new int[16];
    private int freeCount;
    private int live;
    private int generation;
    /** Moved by every allocation, free, commit and damage: see {@link #layoutVersion}. */
    private long layout;
    private boolean readOnly;
    private boolean lenient;

    public MemoryPages() {
        committed[0] = new byte[Page.SIZE];
        committed[0][0] = Page.TYPE_HEADER;
        shadow[0] = committed[0].clone();
    }

    @Override
    public byte[] read(int pageId) {
        checkRange(pageId);
        if (free[pageId]) {
            if (lenient) {
                return freeImage;
            }
            throw new IllegalStateException("read of free page " + pageId);
        }
        return dirty[pageId] != null ? dirty[pageId] : committed[pageId];
    }

    @Override
    public byte[] write(int pageId) {
        checkWritable();
        checkRange(pageId);
        if (pageId == 0) {
            throw new IllegalStateException("write of the header page");
        }
        if (free[pageId]) {
            throw new IllegalStateException("write of free page " + pageId);
        }
        if (dirty[pageId] == null) {
            dirty[pageId] = committed[pageId].clone();
        }
        return dirty[pageId];
    }

    @Override
    public int allocate() {
        checkWritable();
        layout++;
        int pageId;
        if (freeCount > 0) {
            pageId = freeList[--freeCount];
            free[pageId] = false;
        } else {
            pageId = pageCount++;
            grow(pageCount);
        }
        dirty[pageId] = new byte[Page.SIZE];
        committed[pageId] = null;
        shadow[pageId] = null;
        live++;
        return pageId;
    }

    @Override
    public void free(int pageId) {
        checkWritable();
        checkRange(pageId);
        if (pageId == 0 || free[pageId]) {
            throw new IllegalStateException("free of free page " + pageId);
        }
        layout++;
        free[pageId] = true;
        dirty[pageId] = null;
        committed[pageId] = null;
        shadow[pageId] = null;
        if (freeCount == freeList.length) {
            freeList = Arrays.copyOf(freeList, freeCount * 2);
        }
        freeList[freeCount++] = pageId;
        live--;
    }

    @Override
    public long layoutVersion() {
        return layout;
    }

    @Override
    public int pageCount() {
        return pageCount;
    }

    @Override
    public CorruptDatabaseException corruption(int pageId, String detail) {
        return new CorruptDatabaseException("memory.db", pageId, detail);
    }

    /**
     * Ends the transaction: checks that no shared image was modified and no trailer was touched,
     * then makes this transaction's copies the committed images, stamping a fresh trailer on each.
     */
    public void commit() {
        for (int id = 0; id < pageCount; id++) {
            if (committed[id] != null && !Arrays.equals(committed[id], shadow[id])) {
                throw new AssertionError("read-only image of page " + id + " was modified");
            }
        }
        generation++;
        layout++;
        for (int id = 1; id < pageCount; id++) {
            if (dirty[id] == null) {
                continue;
            }
            int before = committed[id] == null ? 0 : trailer(committed[id]);
            if (trailer(dirty[id]) != before) {
                throw new AssertionError("the checksum trailer of page " + id + " was written");
            }
            PageBytes.putInt(dirty[id], Page.OFFSET_CHECKSUM, generation * 31 + id);
            committed[id] = dirty[id];
            shadow[id] = dirty[id].clone();
            dirty[id] = null;
        }
    }

    /** Pages allocated and not freed, page 0 excluded. */
    public int livePages() {
        return live;
    }

    public List<Integer> freePages() {
        List<Integer> pages = new ArrayList<>();
        for (int i = 0; i < freeCount; i++) {
            pages.add(freeList[i]);
        }
        return pages;
    }

    /** An integrity check's bookkeeping with the free pages already claimed, as the database would. */
    public PageOwners owners() {
        PageOwners owners = new PageOwners(pageCount);
        for (int page : freePages()) {
            owners.claim(page, "free list");
        }
        return owners;
    }

    public void readOnly(boolean on) {
        readOnly = on;
    }

    public void lenient(boolean on) {
        lenient = on;
    }

    /** Overwrites one byte of a page's current image behind the tree's back (bit rot, a bad write). */
    public void damage(int pageId, int offset, byte value) {
        current(pageId)[offset] = value;
        syncShadow(pageId);
        layout++; // a change behind the tree's back: no tree may trust what it validated before
    }

    public void damageU16(int pageId, int offset, int value) {
        PageBytes.putU16(current(pageId), offset, value);
        syncShadow(pageId);
        layout++;
    }

    public void damageInt(int pageId, int offset, int value) {
        PageBytes.putInt(current(pageId), offset, value);
        syncShadow(pageId);
        layout++;
    }

    public void damageLong(int pageId, int offset, long value) {
        PageBytes.putLong(current(pageId), offset, value);
        syncShadow(pageId);
        layout++;
    }

    private byte[] current(int pageId) {
        checkRange(pageId);
        if (free[pageId]) {
            throw new IllegalStateException("damage to free page " + pageId);
        }
        return dirty[pageId] != null ? dirty[pageId] : committed[pageId];
    }

    private void syncShadow(int pageId) {
        if (dirty[pageId] == null) {
            shadow[pageId] = committed[pageId].clone();
        }
    }

    private void checkRange(int pageId) {
        if (pageId < 0 || pageId >= pageCount) {
            throw new IllegalArgumentException("page " + pageId + " is outside 0.." + (pageCount - 1));
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("change in a read-only transaction");
        }
    }

    private void grow(int count) {
        if (count <= committed.length) {
            return;
        }
        int size = Math.max(count, committed.length * 2);
        committed = Arrays.copyOf(committed, size);
        shadow = Arrays.copyOf(shadow, size);
        dirty = Arrays.copyOf(dirty, size);
        free = Arrays.copyOf(free, size);
    }

    private static int trailer(byte[] page) {
        return PageBytes.getInt(page, Page.OFFSET_CHECKSUM);
    }

    private static byte[] freeImage() {
        byte[] page = new byte[Page.SIZE];
        page[0] = Page.TYPE_FREE;
        return page;
    }
}
