package dev.crashbench.engine.pager;

import dev.crashbench.engine.CorruptDatabaseException;
import java.io.IOException;

/**
 * What a B+tree sees of the pager inside one transaction: page images by id, copy-on-write for the
 * writer, page allocation and release. Every image is {@link Page#SIZE} bytes; the last
 * {@link Page#TRAILER_SIZE} bytes belong to the pager (the page checksum) and the tree must not
 * touch them.
 *
 * <p>Images returned by {@link #read} may be shared with other transactions and must never be
 * modified. Images returned by {@link #write} belong to this transaction until it ends.
 */
public interface PageAccess {
    /**
     * The image of a page as this transaction sees it. Read-only. After {@link #write} of the same
     * page in this transaction, it returns that writable copy.
     */
    byte[] read(int pageId) throws IOException;

    /**
     * {@link #read}, with the image's structure verified by {@code structure}: a committed image
     * once while the page cache holds it (every later visit checks only its references against
     * {@link #pageCount}), any other image on every call.
     */
    default byte[] readVerified(int pageId, PageStructure structure) throws IOException {
        byte[] page = read(pageId);
        structure.verify(page, pageId, this);
        return page;
    }

    /**
     * A writable image of a page, a private copy on first call in this transaction. Read-only
     * transactions throw {@link IllegalStateException}.
     */
    byte[] write(int pageId) throws IOException;

    /** A fresh page, zero-filled and writable, taken from the free list or from the file's end. */
    int allocate() throws IOException;

    /** Returns a page to the free list; its old contents are gone. */
    void free(int pageId) throws IOException;

    /**
     * A count that moves whenever a page is allocated or freed, or a transaction begins or ends on
     * these pages (never back to a value it had). Every change of a B+tree's shape allocates or
     * frees a page, so while it stands still no node of any tree here changed the key range it
     * covers, and the writable images handed out stay this transaction's: what lets
     * {@link dev.crashbench.engine.btree.BTree} go back to the leaf its last insert used without
     * descending again. Read-only pages never change: a constant.
     */
    long layoutVersion();

    /**
     * Whether every image {@link #read} returned so far is still that page's image now, so a
     * caller may use the one it kept instead of reading it again: true for a read-only snapshot
     * still open, whose pages never change; false once it has ended (its images may be recycled
     * then, and a read throws), and false for a writer, whose next write makes a private copy.
     */
    default boolean imagesStable() {
        return false;
    }

    /** Number of pages in the database as this transaction sees it (page ids are below it). */
    int pageCount();

    /** An exception naming the database file and the page, for structural damage found by a caller. */
    CorruptDatabaseException corruption(int pageId, String detail);
}
