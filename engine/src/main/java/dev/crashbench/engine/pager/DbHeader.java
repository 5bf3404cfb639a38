package dev.crashbench.engine.pager;

import dev.crashbench.engine.CorruptDatabaseException;
import java.nio.charset.StandardCharsets;

/**
 * Page 0 of the database file. It travels through the WAL like any other page whenever one of its
 * fields changes in a transaction, and a checkpoint copies it home like any other page. The first
 * commit of every WAL generation records that generation's checkpoint sequence in it, so the home
 * copy is at most one generation behind the WAL header (which {@code Pager} checks at open).
 *
 * <p>The home digest is the page digest ({@link PageDigest}) of the database file as the
 * checkpoint that last reset the WAL left it (or as it was created); a checkpoint that resets the WAL writes
 * it into the home copy of this page (the copies in WAL frames carry whatever value their commit
 * inherited, and nothing reads it there). A new WAL generation started over the file without a
 * valid WAL header (a torn reset, a lost or deleted WAL) takes its digest from here, so that a
 * write the file lost is still caught when the WAL that knew better is gone.
 *
 * <table>
 *   <caption>Database header, page 0 (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>8</td><td>magic {@code "CBENCHDB"} (its first byte doubles as the page type)</td></tr>
 *   <tr><td>8</td><td>4</td><td>format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>12</td><td>4</td><td>page size (4096)</td></tr>
 *   <tr><td>16</td><td>4</td><td>page count: pages 0..count-1 exist</td></tr>
 *   <tr><td>20</td><td>4</td><td>first free page, 0 when the free list is empty</td></tr>
 *   <tr><td>24</td><td>4</td><td>number of pages on the free list</td></tr>
 *   <tr><td>28</td><td>4</td><td>root page of the catalog B+tree, 0 before the first table</td></tr>
 *   <tr><td>32</td><td>8</td><td>checkpoint sequence: how many checkpoints wrote this file</td></tr>
 *   <tr><td>40</td><td>8</td><td>home digest: the page digest of the file when the last checkpoint
 *       that reset the WAL wrote this page home</td></tr>
 *   <tr><td>48</td><td>4044</td><td>zero</td></tr>
 *   <tr><td>4092</td><td>4</td><td>page checksum ({@link PageChecksum})</td></tr>
 * </table>
 */
public record DbHeader(int pageCount, int freeListHead, int freePageCount, int catalogRoot, long checkpointSequence,
                       long homeDigest) {
    /** 2: the home digest at offset 40. */
    public static final int FORMAT_VERSION = 2;
    public static final byte[] MAGIC = "CBENCHDB".getBytes(StandardCharsets.US_ASCII);

    public static final int OFFSET_MAGIC = 0;
    public static final int OFFSET_VERSION = 8;
    public static final int OFFSET_PAGE_SIZE = 12;
    public static final int OFFSET_PAGE_COUNT = 16;
    public static final int OFFSET_FREE_LIST_HEAD = 20;
    public static final int OFFSET_FREE_PAGE_COUNT = 24;
    public static final int OFFSET_CATALOG_ROOT = 28;
    public static final int OFFSET_CHECKPOINT_SEQUENCE = 32;
    public static final int OFFSET_HOME_DIGEST = 40;

    /** The header of a new, empty database: page 0 only, whose page digest is its home digest. */
    public static DbHeader empty() {
        DbHeader empty = new DbHeader(1, 0, 0, 0, 0, PageDigest.EMPTY);
        byte[] page = new byte[Page.SIZE];
        empty.encode(page);
        return empty.withHomeDigest(PageDigest.add(PageDigest.EMPTY, 0,
                PageDigest.checksumOf(0, page, new PageChecksum())));
    }

    public DbHeader withPageCount(int count) {
        return new DbHeader(count, freeListHead, freePageCount, catalogRoot, checkpointSequence, homeDigest);
    }

    public DbHeader withFreeList(int head, int count) {
        return new DbHeader(pageCount, head, count, catalogRoot, checkpointSequence, homeDigest);
    }

    public DbHeader withCatalogRoot(int root) {
        return new DbHeader(pageCount, freeListHead, freePageCount, root, checkpointSequence, homeDigest);
    }

    public DbHeader withCheckpointSequence(long sequence) {
        return new DbHeader(pageCount, freeListHead, freePageCount, catalogRoot, sequence, homeDigest);
    }

    public DbHeader withHomeDigest(long digest) {
        return new DbHeader(pageCount, freeListHead, freePageCount, catalogRoot, checkpointSequence, digest);
    }

    /** Writes every field into {@code page} (bytes 0..4091; the caller seals the checksum). */
    public void encode(byte[] page) {
        java.util.Arrays.fill(page, 0, Page.USABLE_SIZE, (byte) 0);
        System.arraycopy(MAGIC, 0, page, OFFSET_MAGIC, MAGIC.length);
        PageBytes.putInt(page, OFFSET_VERSION, FORMAT_VERSION);
        PageBytes.putInt(page, OFFSET_PAGE_SIZE, Page.SIZE);
        PageBytes.putInt(page, OFFSET_PAGE_COUNT, pageCount);
        PageBytes.putInt(page, OFFSET_FREE_LIST_HEAD, freeListHead);
        PageBytes.putInt(page, OFFSET_FREE_PAGE_COUNT, freePageCount);
        PageBytes.putInt(page, OFFSET_CATALOG_ROOT, catalogRoot);
        PageBytes.putLong(page, OFFSET_CHECKPOINT_SEQUENCE, checkpointSequence);
        PageBytes.putLong(page, OFFSET_HOME_DIGEST, homeDigest);
    }

    /** Decodes page 0, whose checksum the caller has verified; impossible fields are corruption. */
    public static DbHeader decode(byte[] page, String file) throws CorruptDatabaseException {
        for (int i = 0; i < MAGIC.length; i++) {
            if (page[OFFSET_MAGIC + i] != MAGIC[i]) {
                throw new CorruptDatabaseException(file, 0, "not a crashbench database (bad magic)");
            }
        }
        int version = PageBytes.getInt(page, OFFSET_VERSION);
        if (version != FORMAT_VERSION) {
            throw new CorruptDatabaseException(file, 0, "format version " + version + ", this engine reads " + FORMAT_VERSION);
        }
        int pageSize = PageBytes.getInt(page, OFFSET_PAGE_SIZE);
        if (pageSize != Page.SIZE) {
            throw new CorruptDatabaseException(file, 0, "page size " + pageSize + ", this engine uses " + Page.SIZE);
        }
        DbHeader header = new DbHeader(PageBytes.getInt(page, OFFSET_PAGE_COUNT),
                PageBytes.getInt(page, OFFSET_FREE_LIST_HEAD), PageBytes.getInt(page, OFFSET_FREE_PAGE_COUNT),
                PageBytes.getInt(page, OFFSET_CATALOG_ROOT), PageBytes.getLong(page, OFFSET_CHECKPOINT_SEQUENCE),
                PageBytes.getLong(page, OFFSET_HOME_DIGEST));
        String problem = header.problem();
        if (problem != null) {
            throw new CorruptDatabaseException(file, 0, problem);
        }
        return header;
    }

    /** Why these fields cannot describe a database, or null when they can. */
    private String problem() {
        if (pageCount < 1) {
            return "page count " + pageCount;
        }
        if (freePageCount < 0 || freePageCount >= pageCount) {
            return "free page count " + freePageCount + " with " + pageCount + " pages";
        }
        if (freeListHead < 0 || freeListHead >= pageCount || (freeListHead == 0) != (freePageCount == 0)) {
            return "free list head " + freeListHead + " with " + freePageCount + " free pages of " + pageCount;
        }
        if (catalogRoot < 0 || catalogRoot >= pageCount) {
            return "catalog root " + catalogRoot + " with " + pageCount + " pages";
        }
        if (checkpointSequence < 0) {
            return "checkpoint sequence " + checkpointSequence;
        }
        return null;
    }
}
