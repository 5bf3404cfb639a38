package dev.crashbench.engine.catalog;

import dev.crashbench.engine.btree.LeafNode;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import java.io.IOException;
import java.util.Arrays;

/**
 * The decoded catalog, shared by every transaction of one opening, so that a statement does not
 * decode the catalog B+tree to find the tables it names (a point SELECT used to decode it three
 * times, most of the 8.8 KB it allocated).
 *
 * <p><b>Keyed by content, not by time.</b> The cache holds the catalog root's page number, a copy
 * of that page's bytes, and the entries decoded from them. A transaction reads the root page as it
 * sees it (its snapshot's image, or a writer's own uncommitted copy) and reuses the entries when
 * the page is the same number with the same bytes. That is exact whenever the whole catalog is that
 * one page: a leaf whose values are all inline, which is the only case kept. So no version counter
 * has to follow commits, rollbacks, checkpoints or WAL resets, readers of different snapshots and
 * the writer share the cache without coordination, and a DDL commit (or an uncommitted DDL in the
 * writer) changes the root's bytes and so misses. A catalog larger than a page (some hundred trees)
 * is decoded for every transaction, as before.
 *
 * <p>Thread-safe: one volatile reference to an immutable record; the page copy is never modified.
 */
public final class CatalogCache {
    private volatile Decoded last;

    private record Decoded(int root, byte[] rootBytes, CatalogEntries entries) {
    }

    /** The catalog rooted at {@code root} as {@code pages} shows it. */
    public CatalogEntries entries(PageAccess pages, int root) throws IOException {
        if (root == 0) {
            return CatalogEntries.EMPTY;
        }
        Decoded held = last;
        if (held != null && held.root == root && sameContent(held.rootBytes, pages.read(root))) {
            return held.entries;
        }
        CatalogEntries entries = new CatalogEntries(new Catalog(pages, root).entries());
        byte[] image = pages.read(root); // the decode validated it: a well-formed node
        if (isWholeCatalog(image)) {
            last = new Decoded(root, Arrays.copyOf(image, Page.USABLE_SIZE), entries);
        }
        return entries;
    }

    /** The page's content, its trailer aside: a writer's copy has no checksum until it commits. */
    private static boolean sameContent(byte[] copy, byte[] image) {
        return Arrays.equals(copy, 0, Page.USABLE_SIZE, image, 0, Page.USABLE_SIZE);
    }

    /** Whether a validated root page holds the whole catalog: a leaf, every value inline. */
    private static boolean isWholeCatalog(byte[] root) {
        if (root[0] != Page.TYPE_LEAF) {
            return false;
        }
        for (int i = 0, count = LeafNode.cellCount(root); i < count; i++) {
            if (LeafNode.isOverflow(root, i)) {
                return false;
            }
        }
        return true;
    }
}
