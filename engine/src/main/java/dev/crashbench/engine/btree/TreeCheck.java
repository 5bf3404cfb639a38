package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.record.OverflowChain;
import java.io.IOException;

/**
 * The integrity check behind {@link BTree#verify}: claims every page of one tree and records, as
 * sentences naming the tree and the page, whatever is wrong. It never descends into a page it could
 * not claim (out of range or already owned), so cycles and shared pages end the walk there.
 */
final class TreeCheck {
    private final PageAccess access;
    private final PageOwners owners;
    private final String name;
    private final int root;
    private final long[] bitmap = new long[LeafNode.BITMAP_LONGS];
    private int leafDepth = -1;

    TreeCheck(PageAccess access, PageOwners owners, String name, int root) {
        this.access = access;
        this.owners = owners;
        this.name = name;
        this.root = root;
    }

    void run() throws IOException {
        check(root, 0, Long.MIN_VALUE, false, 0);
    }

    /** Checks the subtree at {@code pageId}, whose keys must lie in [low, high) (no upper bound unless bounded). */
    private void check(int pageId, int depth, long low, boolean bounded, long high) throws IOException {
        if (!owners.claim(pageId, name)) {
            return;
        }
        if (depth >= BTree.MAX_HEIGHT) {
            problem(pageId, "lies deeper than " + BTree.MAX_HEIGHT + " levels");
            return;
        }
        byte[] page;
        try {
            page = access.read(pageId);
            if (page[0] == Page.TYPE_LEAF) {
                LeafNode.validate(page, pageId, access, bitmap);
            } else if (page[0] == Page.TYPE_INTERIOR) {
                InteriorNode.validate(page, pageId, access);
            } else {
                problem(pageId, "has page type " + page[0] + ", not a b-tree node");
                return;
            }
        } catch (CorruptDatabaseException e) {
            owners.unreadable(pageId, name + ": " + e.getMessage());
            return;
        }
        if (page[0] == Page.TYPE_LEAF) {
            checkLeaf(pageId, depth, low, bounded, high);
        } else {
            checkInterior(pageId, depth, low, bounded, high);
        }
    }

    private void checkLeaf(int pageId, int depth, long low, boolean bounded, long high) throws IOException {
        if (leafDepth < 0) {
            leafDepth = depth;
        } else if (depth != leafDepth) {
            problem(pageId, "is a leaf at depth " + depth + " where the first leaf is at depth " + leafDepth);
        }
        int count = LeafNode.cellCount(access.read(pageId));
        if (depth > 0 && count == 0) {
            problem(pageId, "is an empty leaf below the root");
        }
        for (int i = 0; i < count; i++) {
            long key = LeafNode.key(access.read(pageId), i);
            if (outside(key, low, bounded, high)) {
                problem(pageId, "holds key " + key + " outside its range " + range(low, bounded, high));
                break;
            }
        }
        for (int i = 0; i < count; i++) {
            byte[] page = access.read(pageId);
            if (LeafNode.isOverflow(page, i)) {
                OverflowChain.verify(access, owners, LeafNode.overflowPage(page, i), LeafNode.valueLength(page, i),
                        name + " key " + LeafNode.key(page, i));
            }
        }
    }

    private void checkInterior(int pageId, int depth, long low, boolean bounded, long high) throws IOException {
        int count = InteriorNode.keyCount(access.read(pageId));
        for (int i = 0; i < count; i++) {
            long key = InteriorNode.key(access.read(pageId), i);
            if (outside(key, low, bounded, high)) {
                problem(pageId, "has separator " + key + " outside its range " + range(low, bounded, high));
                break;
            }
        }
        for (int i = 0; i <= count; i++) {
            byte[] page = access.read(pageId);
            long childLow = i == 0 ? low : InteriorNode.key(page, i - 1);
            boolean childBounded = i < count || bounded;
            long childHigh = i < count ? InteriorNode.key(page, i) : high;
            check(InteriorNode.child(page, i), depth + 1, childLow, childBounded, childHigh);
        }
    }

    private static boolean outside(long key, long low, boolean bounded, long high) {
        return key < low || bounded && key >= high;
    }

    private static String range(long low, boolean bounded, long high) {
        return "[" + low + ", " + (bounded ? high + ")" : "max]");
    }

    private void problem(int pageId, String detail) {
        owners.inconsistency(name + ": page " + pageId + " " + detail);
    }
}
