package dev.crashbench.engine.btree;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageStructure;
import java.io.IOException;

/**
 * The structure of a {@link BTree} node, leaf ({@link LeafNode#validate}) or interior
 * ({@link InteriorNode#validate}), as a {@link PageStructure}: a committed node is checked once
 * while the page cache holds it, and each visit then checks only that its children or overflow
 * pages lie below the visitor's page count. One per tree: it holds the leaf check's scratch bitmap,
 * made at the first leaf it checks, so that a tree that only meets verified nodes allocates none.
 */
final class NodeStructure implements PageStructure {
    private long[] bitmap;

    @Override
    public int verifyOnce(byte[] page, int pageId, PageAccess access) throws IOException {
        if (page[0] == Page.TYPE_LEAF) {
            return LeafNode.validate(page, pageId, access, bitmap(), Integer.MAX_VALUE);
        }
        if (page[0] == Page.TYPE_INTERIOR) {
            return InteriorNode.validate(page, pageId, access, Integer.MAX_VALUE);
        }
        throw notANode(page, pageId, access);
    }

    @Override
    public void verify(byte[] page, int pageId, PageAccess access) throws IOException {
        if (page[0] == Page.TYPE_LEAF) {
            LeafNode.validate(page, pageId, access, bitmap());
        } else if (page[0] == Page.TYPE_INTERIOR) {
            InteriorNode.validate(page, pageId, access);
        } else {
            throw notANode(page, pageId, access);
        }
    }

    /** {@link LeafNode#validate} of a leaf this tree holds as a writer's copy, or found by a cursor. */
    void verifyLeaf(byte[] page, int pageId, PageAccess access) throws IOException {
        LeafNode.validate(page, pageId, access, bitmap());
    }

    private long[] bitmap() {
        if (bitmap == null) {
            bitmap = new long[LeafNode.BITMAP_LONGS];
        }
        return bitmap;
    }

    private static IOException notANode(byte[] page, int pageId, PageAccess access) {
        return access.corruption(pageId, "page type " + page[0] + " where a b-tree node was expected");
    }
}
