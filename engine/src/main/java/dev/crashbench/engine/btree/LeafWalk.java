package dev.crashbench.engine.btree;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import java.io.IOException;

/**
 * Visits the leaves of a tree in key order on a path stack (the tree has no sibling links).
 *
 * <p>Termination on a damaged tree: a leaf reached by {@link #nextLeaf} must be non-empty and its
 * keys must all lie above every key of the leaves before it. A cycle or a shared subtree would
 * bring back a leaf already seen, whose keys cannot pass that test, so every walk visits each page
 * at most once per level and ends.
 */
final class LeafWalk {
    private final BTree tree;
    private final PageAccess access;
    private final int[] pages = new int[BTree.MAX_HEIGHT];
    private final int[] index = new int[BTree.MAX_HEIGHT];
    private int depth;
    /** The leaf image last validated; a read returning the same array needs no new check. */
    private byte[] validated;
    private boolean passedAny;
    private long highestPassed;

    LeafWalk(BTree tree) {
        this.tree = tree;
        this.access = tree.access();
    }

    /** Moves to the leaf whose range holds {@code key}; returns the index of its first cell at or above it. */
    int seek(long key) throws IOException {
        tree.checkRoot();
        int pageId = tree.root();
        for (int d = 0; d < BTree.MAX_HEIGHT; d++) {
            pages[d] = pageId;
            byte[] page = tree.readNode(pageId);
            if (page[0] == Page.TYPE_LEAF) {
                enterLeaf(d, page);
                return LeafNode.lowerBound(page, key);
            }
            int child = InteriorNode.childIndex(page, key);
            index[d] = child;
            pageId = InteriorNode.child(page, child);
        }
        throw tooDeep();
    }

    /**
     * The current leaf, validated. Read again on every call from a writer's pages, whose next
     * write replaces the image with a private copy; a snapshot's image is kept (per row of a scan,
     * the read was a fifth of a join's time).
     */
    byte[] leaf() throws IOException {
        if (validated != null && access.imagesStable()) {
            return validated;
        }
        byte[] page = access.read(pages[depth]);
        if (page != validated) {
            if (page[0] != Page.TYPE_LEAF) {
                throw access.corruption(pages[depth], "page type " + page[0] + " where a b-tree leaf was expected");
            }
            tree.validateLeaf(page, pages[depth]);
            validated = page;
        }
        return page;
    }

    int leafPageId() {
        return pages[depth];
    }

    /** Moves to the first cell of the next leaf; false, staying put, when this is the last leaf. */
    boolean nextLeaf() throws IOException {
        byte[] current = leaf();
        int count = LeafNode.cellCount(current);
        if (count > 0) {
            passedAny = true;
            highestPassed = LeafNode.key(current, count - 1);
        }
        for (int d = depth - 1; d >= 0; d--) {
            byte[] node = tree.readNode(pages[d]);
            if (node[0] != Page.TYPE_INTERIOR) {
                throw access.corruption(pages[d], "b-tree node changed type under a cursor");
            }
            if (index[d] < InteriorNode.keyCount(node)) {
                index[d]++;
                descendLeftmost(d + 1, InteriorNode.child(node, index[d]));
                return true;
            }
        }
        return false;
    }

    private void descendLeftmost(int from, int pageId) throws IOException {
        for (int d = from; d < BTree.MAX_HEIGHT; d++) {
            pages[d] = pageId;
            byte[] page = tree.readNode(pageId);
            if (page[0] == Page.TYPE_LEAF) {
                enterLeaf(d, page);
                if (passedAny && LeafNode.key(page, 0) <= highestPassed) {
                    throw access.corruption(pageId, "leaf keys from " + LeafNode.key(page, 0)
                            + " do not follow the previous leaf's " + highestPassed);
                }
                return;
            }
            index[d] = 0;
            pageId = InteriorNode.child(page, 0);
        }
        throw tooDeep();
    }

    private void enterLeaf(int d, byte[] page) throws IOException {
        if (d > 0 && LeafNode.cellCount(page) == 0) {
            throw access.corruption(pages[d], "b-tree leaf below the root is empty");
        }
        depth = d;
        validated = page;
    }

    private IOException tooDeep() {
        return access.corruption(tree.root(), "b-tree deeper than " + BTree.MAX_HEIGHT
                + " levels (a cycle of child pointers?)");
    }
}
