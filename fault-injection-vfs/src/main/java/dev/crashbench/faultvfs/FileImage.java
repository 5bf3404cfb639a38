package dev.crashbench.faultvfs;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of one file, held in {@value #PAGE_SIZE}-byte pages grouped in chunks of
 * {@value #CHUNK_PAGES} pages, both shared copy-on-write between copies. {@link #copy()} costs
 * one reference per chunk (one per MiB of file), never a byte of data: this is what makes crash
 * images cheap. A crash image shares every page the crash did not touch, and a write copies
 * only the chunk table and the page it lands in.
 *
 * <p>A missing chunk or page reads as zeros (never written, or grown by a truncate). A chunk or
 * page is mutated in place only while this image is its sole owner.
 */
final class FileImage {
    static final int PAGE_SIZE = 4096;
    private static final int PAGE_SHIFT = 12;
    static final int CHUNK_PAGES = 256;
    private static final int CHUNK_SHIFT = 8;
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    /** A run of pages; its owner may replace page references, and write pages whose owned bit is set. */
    private static final class Chunk {
        final byte[][] pages;
        final long[] ownedPages = new long[CHUNK_PAGES / 64];

        Chunk() {
            this.pages = new byte[CHUNK_PAGES][];
        }

        private Chunk(byte[][] pages) {
            this.pages = pages;
        }

        /** A chunk with the same page references; every page is shared, so none is owned. */
        Chunk shareCopy() {
            return new Chunk(pages.clone());
        }
    }

    private Chunk[] chunks;
    /** Bit i set when chunks[i] belongs to this image alone. */
    private long[] ownedChunks;
    private long size;

    FileImage() {
        this(new Chunk[0], 0);
    }

    private FileImage(Chunk[] chunks, long size) {
        this.chunks = chunks;
        this.ownedChunks = new long[(chunks.length + 63) >>> 6];
        this.size = size;
    }

    /** An independent image with the same content; both now share every chunk copy-on-write. */
    FileImage copy() {
        Arrays.fill(ownedChunks, 0L);
        return new FileImage(chunks.clone(), size);
    }

    long size() {
        return size;
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code offset}; returns the count (0 past the end). */
    int read(long offset, ByteBuffer dst) {
        if (offset >= size) {
            return 0;
        }
        int count = (int) Math.min(dst.remaining(), size - offset);
        int done = 0;
        while (done < count) {
            long at = offset + done;
            int inPage = (int) (at & (PAGE_SIZE - 1));
            int n = Math.min(count - done, PAGE_SIZE - inPage);
            byte[] page = pageAt(at >>> PAGE_SHIFT);
            dst.put(page == null ? ZERO_PAGE : page, inPage, n);
            done += n;
        }
        return count;
    }

    /** Reads {@code length} bytes at {@code offset} into a new array; bytes past the end read as zeros. */
    byte[] readBytes(long offset, int length) {
        byte[] out = new byte[length];
        read(offset, ByteBuffer.wrap(out));
        return out;
    }

    /** Writes {@code data[from, to)} at {@code offset}, growing the file if needed. */
    void write(long offset, byte[] data, int from, int to) {
        long end = offset + (to - from);
        if (end > size) {
            ensureChunks(end);
            size = end;
        }
        int done = from;
        while (done < to) {
            long at = offset + (done - from);
            int inPage = (int) (at & (PAGE_SIZE - 1));
            int n = Math.min(to - done, PAGE_SIZE - inPage);
            System.arraycopy(data, done, writablePage(at >>> PAGE_SHIFT), inPage, n);
            done += n;
        }
    }

    /** Flips the bits of {@code mask} in the byte at {@code offset}, which must be inside the file. */
    void xor(long offset, byte mask) {
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset " + offset + " outside file of " + size + " bytes");
        }
        writablePage(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE_SIZE - 1))] ^= mask;
    }

    /** Sets the size; a shrink forgets the tail so a later grow reads zeros there, as ftruncate does. */
    void truncate(long newSize) {
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
        if (newSize < size) {
            long keepPages = (newSize + PAGE_SIZE - 1) >>> PAGE_SHIFT;
            int keepChunks = (int) ((keepPages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT);
            for (int c = keepChunks; c < chunks.length; c++) {
                chunks[c] = null;
            }
            int pagesInLastChunk = (int) (keepPages - ((long) (keepChunks - 1) << CHUNK_SHIFT));
            if (keepChunks > 0 && pagesInLastChunk < CHUNK_PAGES && chunks[keepChunks - 1] != null) {
                Chunk last = writableChunk(keepChunks - 1);
                for (int p = pagesInLastChunk; p < CHUNK_PAGES; p++) {
                    last.pages[p] = null;
                }
            }
            int inPage = (int) (newSize & (PAGE_SIZE - 1));
            if (inPage != 0 && pageAt(keepPages - 1) != null) {
                Arrays.fill(writablePage(keepPages - 1), inPage, PAGE_SIZE, (byte) 0);
            }
        } else {
            ensureChunks(newSize);
        }
        size = newSize;
    }

    /** Whether two images hold the same size and bytes. */
    boolean sameContent(FileImage other) {
        if (size != other.size) {
            return false;
        }
        long pages = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        for (long i = 0; i < pages; i++) {
            byte[] a = pageAt(i);
            byte[] b = other.pageAt(i);
            if (a != b && !Arrays.equals(a == null ? ZERO_PAGE : a, b == null ? ZERO_PAGE : b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether both images hold the very same page array at {@code pageIndex}: how copy-on-write is checked. */
    boolean sharesPage(FileImage other, long pageIndex) {
        return pageAt(pageIndex) == other.pageAt(pageIndex);
    }

    /** The page array at {@code pageIndex}, or null for a page that reads as zeros. Never modify it. */
    byte[] page(long pageIndex) {
        return pageAt(pageIndex);
    }

    /**
     * Whether this image may still write the page at {@code pageIndex} in place. A page it does not
     * own is shared, or was, and never changes again: a write copies it first.
     */
    boolean ownsPage(long pageIndex) {
        int c = (int) (pageIndex >>> CHUNK_SHIFT);
        if (c >= chunks.length || chunks[c] == null || (ownedChunks[c >>> 6] & (1L << (c & 63))) == 0) {
            return false;
        }
        int p = (int) (pageIndex & (CHUNK_PAGES - 1));
        return (chunks[c].ownedPages[p >>> 6] & (1L << (p & 63))) != 0;
    }

    private byte[] pageAt(long pageIndex) {
        int c = (int) (pageIndex >>> CHUNK_SHIFT);
        Chunk chunk = c < chunks.length ? chunks[c] : null;
        return chunk == null ? null : chunk.pages[(int) (pageIndex & (CHUNK_PAGES - 1))];
    }

    private void ensureChunks(long bytes) {
        long pages = (bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        long needed = (pages + CHUNK_PAGES - 1) >>> CHUNK_SHIFT;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("file of " + bytes + " bytes is too large to simulate");
        }
        if (needed > chunks.length) {
            int capacity = (int) Math.max(needed, chunks.length + (chunks.length >>> 1));
            chunks = Arrays.copyOf(chunks, capacity);
            ownedChunks = Arrays.copyOf(ownedChunks, (capacity + 63) >>> 6);
        }
    }

    private Chunk writableChunk(int c) {
        long bit = 1L << (c & 63);
        Chunk chunk = chunks[c];
        if (chunk == null) {
            chunk = new Chunk();
        } else if ((ownedChunks[c >>> 6] & bit) == 0) {
            chunk = chunk.shareCopy();
        } else {
            return chunk;
        }
        chunks[c] = chunk;
        ownedChunks[c >>> 6] |= bit;
        return chunk;
    }

    private byte[] writablePage(long pageIndex) {
        Chunk chunk = writableChunk((int) (pageIndex >>> CHUNK_SHIFT));
        int p = (int) (pageIndex & (CHUNK_PAGES - 1));
        long bit = 1L << (p & 63);
        byte[] page = chunk.pages[p];
        if (page == null) {
            page = new byte[PAGE_SIZE];
        } else if ((chunk.ownedPages[p >>> 6] & bit) == 0) {
            page = page.clone();
        } else {
            return page;
        }
        chunk.pages[p] = page;
        chunk.ownedPages[p >>> 6] |= bit;
        return page;
    }
}
