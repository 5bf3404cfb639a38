package dev.crashbench.engine.record;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageOwners;
import java.io.IOException;

/**
 * A value too long for its b-tree cell, stored across a singly linked chain of overflow pages. The
 * cell keeps the value's total length and the first page; the chain holds the bytes in order.
 *
 * <table>
 *   <caption>Overflow page</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>page type, {@link Page#TYPE_OVERFLOW}</td></tr>
 *   <tr><td>1</td><td>1</td><td>reserved, 0</td></tr>
 *   <tr><td>2</td><td>2</td><td>bytes of the value on this page, u16</td></tr>
 *   <tr><td>4</td><td>4</td><td>next page of the chain, u32; 0 on the last page</td></tr>
 *   <tr><td>8</td><td>{@value #CAPACITY}</td><td>value bytes</td></tr>
 * </table>
 *
 * <p>Every page but the last is full, so a chain of length L has exactly ceil(L / {@value #CAPACITY})
 * pages and each page's byte count is known in advance; readers check it. The total length in the
 * cell is checked against the chain: the chain must end (next = 0) exactly when the length is used
 * up. That rule also catches a cycle, whose pages all have a next page; and because each page
 * consumes at least one byte, a walk ends after at most ceil(L / {@value #CAPACITY}) pages, and
 * never after more than the file's page count. A zero-length value has no pages (first page 0).
 */
public final class OverflowChain {
    public static final int OFFSET_TYPE = 0;
    public static final int OFFSET_RESERVED = 1;
    public static final int OFFSET_USED = 2;
    public static final int OFFSET_NEXT = 4;
    public static final int OFFSET_DATA = 8;
    /** Value bytes per overflow page: 4084. */
    public static final int CAPACITY = Page.USABLE_SIZE - OFFSET_DATA;

    private OverflowChain() {
    }

    /** Pages a value of {@code length} bytes takes. */
    public static int pagesFor(long length) {
        return (int) ((length + CAPACITY - 1) / CAPACITY);
    }

    /**
     * Writes {@code value} to a new chain and returns its first page (0 for an empty value). Holds
     * one page image at a time: the next page is allocated before the current one is written.
     */
    public static int write(PageAccess access, byte[] value) throws IOException {
        if (value.length == 0) {
            return 0;
        }
        int first = access.allocate();
        int current = first;
        int offset = 0;
        while (true) {
            int used = Math.min(CAPACITY, value.length - offset);
            int next = offset + used < value.length ? access.allocate() : 0;
            byte[] page = access.write(current);
            page[OFFSET_TYPE] = Page.TYPE_OVERFLOW;
            page[OFFSET_RESERVED] = 0;
            PageBytes.putU16(page, OFFSET_USED, used);
            PageBytes.putInt(page, OFFSET_NEXT, next);
            System.arraycopy(value, offset, page, OFFSET_DATA, used);
            offset += used;
            if (next == 0) {
                return first;
            }
            current = next;
        }
    }

    /**
     * Reads the value of {@code length} bytes starting at {@code firstPage}, checking every page of
     * the chain. {@code ownerPage} is the page whose cell refers to the chain, for error messages.
     */
    public static byte[] read(PageAccess access, int firstPage, int length, int ownerPage) throws IOException {
        checkLength(access, length, ownerPage);
        byte[] value = new byte[length];
        walk(access, firstPage, length, ownerPage, value, false);
        return value;
    }

    /**
     * Frees every page of the chain. The whole chain is checked before the first page is freed, so
     * a damaged chain is never half freed and a bad link never frees a page the chain does not own.
     */
    public static void free(PageAccess access, int firstPage, int length, int ownerPage) throws IOException {
        checkLength(access, length, ownerPage);
        walk(access, firstPage, length, ownerPage, null, false);
        walk(access, firstPage, length, ownerPage, null, true);
    }

    /**
     * Claims every page of the chain for {@code owner} and records what is wrong with it, without
     * throwing for damage. Stops at the first page that cannot be trusted.
     */
    public static void verify(PageAccess access, PageOwners owners, int firstPage, int length, String owner)
            throws IOException {
        if (length < 0) {
            owners.corruption(owner + ": overflow value length " + Integer.toUnsignedString(length) + " is impossible");
            return;
        }
        if (length == 0) {
            if (firstPage != 0) {
                owners.corruption(owner + ": empty value has overflow page " + Integer.toUnsignedString(firstPage));
            }
            return;
        }
        int page = firstPage;
        long remaining = length;
        while (true) {
            if (!owners.claim(page, owner)) {
                return;
            }
            byte[] image;
            try {
                image = access.read(page);
            } catch (CorruptDatabaseException e) {
                owners.unreadable(page, owner + ": " + e.getMessage());
                return;
            }
            String problem = pageProblem(image, remaining);
            if (problem != null) {
                // A reserved byte that is not zero is the page's own format; the rest (its type,
                // its length) is what the referring cell expects of it.
                if (image[OFFSET_TYPE] == Page.TYPE_OVERFLOW && image[OFFSET_RESERVED] != 0) {
                    owners.corruption(owner + ": overflow page " + page + " " + problem);
                } else {
                    owners.inconsistency(owner + ": overflow page " + page + " " + problem);
                }
                return;
            }
            remaining -= PageBytes.getU16(image, OFFSET_USED);
            int next = PageBytes.getInt(image, OFFSET_NEXT);
            if (remaining == 0) {
                if (next != 0) {
                    owners.inconsistency(owner + ": overflow chain continues at page " + Integer.toUnsignedString(next)
                            + " after page " + page + " holds the last of its " + length + " bytes");
                }
                return;
            }
            if (next == 0) {
                owners.inconsistency(owner + ": overflow chain ends at page " + page + " with " + remaining + " of its "
                        + length + " bytes missing");
                return;
            }
            page = next;
        }
    }

    private static void checkLength(PageAccess access, int length, int ownerPage) throws CorruptDatabaseException {
        // A corrupt length must not make us allocate gigabytes: no chain is longer than the file.
        if (length < 0 || (long) length > (long) (access.pageCount() - 1) * CAPACITY) {
            throw access.corruption(ownerPage, "overflow value length " + Integer.toUnsignedString(length)
                    + " is more than the file could hold");
        }
    }

    /**
     * Follows the chain checking each page; copies the bytes into {@code into} when it is not null,
     * frees each page after reading its link when {@code free} is set.
     */
    private static void walk(PageAccess access, int firstPage, int length, int ownerPage, byte[] into, boolean free)
            throws IOException {
        if (length == 0) {
            if (firstPage != 0) {
                throw access.corruption(ownerPage, "empty value has overflow page " + Integer.toUnsignedString(firstPage));
            }
            return;
        }
        int page = firstPage;
        int referrer = ownerPage;
        int offset = 0;
        int pageCount = access.pageCount();
        for (int steps = 0; ; steps++) {
            if (page <= 0 || page >= pageCount) {
                throw access.corruption(referrer, "overflow chain refers to page " + Integer.toUnsignedString(page)
                        + ", outside 1.." + (pageCount - 1));
            }
            if (steps >= pageCount) {
                throw access.corruption(page, "overflow chain is longer than the file (a cycle?)");
            }
            byte[] image = access.read(page);
            String problem = pageProblem(image, length - offset);
            if (problem != null) {
                throw access.corruption(page, "overflow page " + problem + " (chain of page " + ownerPage + ")");
            }
            int used = PageBytes.getU16(image, OFFSET_USED);
            int next = PageBytes.getInt(image, OFFSET_NEXT);
            if (into != null) {
                System.arraycopy(image, OFFSET_DATA, into, offset, used);
            }
            offset += used;
            if (offset == length && next != 0) {
                throw access.corruption(page, "overflow chain continues at page " + Integer.toUnsignedString(next)
                        + " after the last of its " + length + " bytes (chain of page " + ownerPage + ")");
            }
            if (offset < length && next == 0) {
                throw access.corruption(page, "overflow chain ends with " + (length - offset) + " of its " + length
                        + " bytes missing (chain of page " + ownerPage + ")");
            }
            if (free) {
                access.free(page);
            }
            if (offset == length) {
                return;
            }
            referrer = page;
            page = next;
        }
    }

    /** What is wrong with an overflow page expected to hold the next bytes of {@code remaining}. */
    private static String pageProblem(byte[] image, long remaining) {
        if (image[OFFSET_TYPE] != Page.TYPE_OVERFLOW) {
            return "has page type " + image[OFFSET_TYPE];
        }
        if (image[OFFSET_RESERVED] != 0) {
            return "has reserved byte " + image[OFFSET_RESERVED];
        }
        int used = PageBytes.getU16(image, OFFSET_USED);
        long expected = Math.min(CAPACITY, remaining);
        if (used != expected) {
            return "holds " + used + " bytes where " + expected + " were expected";
        }
        return null;
    }
}
