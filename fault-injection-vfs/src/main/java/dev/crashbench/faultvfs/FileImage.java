package dev.crashbench.faultvfs;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes of one file, held in {@value #PAGE_SIZE}-byte pages that are shared copy-on-write
 * between copies. {@link #copy()} costs one reference per page, never a byte of data, which is
 * what makes crash images cheap: a crash image shares every page the crash did not touch.
 *
 * <p>A page array slot is {@code null} for a page that reads as zeros (never written, or
 * grown by a truncate). A page is mutated in place only while this image is its sole owner.
 */
final class FileImage {
    static final int PAGE_SIZE = 4096;
    private static final int PAGE_SHIFT = 12;

    private byte[][] pages;
    /** Bit i set when pages[i] belongs to this image alone and may be written in place. */
    private long[] owned;
    private long size;

    FileImage() {
        this.pages = new byte[0][];
        this.owned = new long[0];
        this.size = 0;
    }

    private FileImage(byte[][] pages, long size) {
        this.pages = pages;
        this.owned = new long[(pages.length + 63) >>> 6];
        this.size = size;
    }

    /** An independent image with the same content; both now share every page copy-on-write. */
    FileImage copy() {
        Arrays.fill(owned, 0L);
        return new FileImage(pages.clone(), size);
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
            int pageIndex = (int) (at >>> PAGE_SHIFT);
            int inPage = (int) (at & (PAGE_SIZE - 1));
            int n = Math.min(count - done, PAGE_SIZE - inPage);
            byte[] page = pages[pageIndex];
            if (page == null) {
                for (int i = 0; i < n; i++) {
                    dst.put((byte) 0);
                }
            } else {
                dst.put(page, inPage, n);
            }
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
            ensurePages(end);
            size = end;
        }
        int done = from;
        while (done < to) {
            long at = offset + (done - from);
            int pageIndex = (int) (at >>> PAGE_SHIFT);
            int inPage = (int) (at & (PAGE_SIZE - 1));
            int n = Math.min(to - done, PAGE_SIZE - inPage);
            System.arraycopy(data, done, writablePage(pageIndex), inPage, n);
            done += n;
        }
    }

    /** Flips the bits of {@code mask} in the byte at {@code offset}, which must be inside the file. */
    void xor(long offset, byte mask) {
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset " + offset + " outside file of " + size + " bytes");
        }
        byte[] page = writablePage((int) (offset >>> PAGE_SHIFT));
        page[(int) (offset & (PAGE_SIZE - 1))] ^= mask;
    }

    /** Sets the size; a shrink forgets the tail so a later grow reads zeros there, as ftruncate does. */
    void truncate(long newSize) {
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
        if (newSize < size) {
            int keepPages = (int) ((newSize + PAGE_SIZE - 1) >>> PAGE_SHIFT);
            for (int i = keepPages; i < pages.length; i++) {
                pages[i] = null;
            }
            int inPage = (int) (newSize & (PAGE_SIZE - 1));
            if (inPage != 0 && pages[keepPages - 1] != null) {
                Arrays.fill(writablePage(keepPages - 1), inPage, PAGE_SIZE, (byte) 0);
            }
        } else {
            ensurePages(newSize);
        }
        size = newSize;
    }

    /** Whether two images hold the same size and bytes. */
    boolean sameContent(FileImage other) {
        if (size != other.size) {
            return false;
        }
        int n = (int) ((size + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        for (int i = 0; i < n; i++) {
            byte[] a = pages[i];
            byte[] b = other.pages[i];
            if (a == b) {
                continue;
            }
            if (!Arrays.equals(a == null ? ZERO_PAGE : a, b == null ? ZERO_PAGE : b)) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private void ensurePages(long bytes) {
        int needed = (int) ((bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        if (needed > pages.length) {
            int capacity = Math.max(needed, pages.length + (pages.length >>> 1));
            pages = Arrays.copyOf(pages, capacity);
            owned = Arrays.copyOf(owned, (capacity + 63) >>> 6);
        }
    }

    private byte[] writablePage(int index) {
        long bit = 1L << (index & 63);
        int word = index >>> 6;
        byte[] old = pages[index];
        if (old == null) {
            pages[index] = new byte[PAGE_SIZE];
            owned[word] |= bit;
        } else if ((owned[word] & bit) == 0) {
            pages[index] = old.clone();
            owned[word] |= bit;
        }
        return pages[index];
    }
}
