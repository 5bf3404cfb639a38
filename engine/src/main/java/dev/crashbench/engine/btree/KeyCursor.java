package dev.crashbench.engine.btree;

import java.io.IOException;
import java.util.ConcurrentModificationException;
import java.util.NoSuchElementException;

/**
 * An ascending scan of a {@link KeyTree} from a lower bound, with a path stack (nodes have no
 * sibling links). The caller stops when the keys leave its range:
 *
 * <pre>{@code
 * KeyCursor c = tree.cursor(from);
 * while (c.next() && inRange(c.key())) {
 *     use(c.key());
 * }
 * }</pre>
 *
 * Any change made through the tree afterwards invalidates the cursor. The leaf is read again on
 * every step and validated again whenever its image changed.
 */
public final class KeyCursor {
    private final KeyTree tree;
    private final byte[] from;
    private final int expectedModCount;
    private final int[] pathPages = new int[BTree.MAX_HEIGHT];
    private final int[] pathIndex = new int[BTree.MAX_HEIGHT];
    private int leafDepth = -1;
    private byte[] leafImage;
    private int[] offsets;
    private int index;
    private boolean done;
    private boolean on;

    KeyCursor(KeyTree tree, byte[] fromInclusive) {
        this.tree = tree;
        this.from = fromInclusive == null ? null : fromInclusive.clone();
        this.expectedModCount = tree.modCount();
    }

    /** Moves to the next key; false when there is none. */
    public boolean next() throws IOException {
        checkUnchanged();
        if (done) {
            return false;
        }
        if (leafDepth < 0) {
            seek();
        } else {
            index++;
        }
        while (true) {
            loadLeaf();
            if (index < offsets.length - 1) {
                on = true;
                return true;
            }
            if (!nextLeaf()) {
                done = true;
                on = false;
                return false;
            }
        }
    }

    /** The current key (a copy). */
    public byte[] key() throws IOException {
        checkUnchanged();
        if (!on) {
            throw new NoSuchElementException("cursor is not on a key: call next() and check its result");
        }
        loadLeaf();
        return KeyNode.key(leafImage, offsets, index);
    }

    private void seek() throws IOException {
        tree.checkRoot();
        int pageId = tree.root();
        for (int depth = 0; depth < BTree.MAX_HEIGHT; depth++) {
            pathPages[depth] = pageId;
            byte[] page = tree.readNode(pageId);
            int[] nodeOffsets = KeyNode.validate(page, pageId, tree.access());
            if (KeyNode.isLeaf(page)) {
                leafDepth = depth;
                leafImage = page;
                offsets = nodeOffsets;
                index = from == null ? 0 : KeyNode.lowerBound(page, nodeOffsets, from);
                return;
            }
            int child = from == null ? 0 : KeyNode.childIndex(page, nodeOffsets, from);
            pathIndex[depth] = child;
            pageId = KeyNode.child(page, nodeOffsets, child);
        }
        throw tree.access().corruption(tree.root(), "key tree deeper than " + BTree.MAX_HEIGHT + " levels");
    }

    /** Moves to the first key of the next leaf, climbing the path; false at the end of the tree. */
    private boolean nextLeaf() throws IOException {
        for (int depth = leafDepth - 1; depth >= 0; depth--) {
            byte[] page = tree.readNode(pathPages[depth]);
            int[] nodeOffsets = KeyNode.validate(page, pathPages[depth], tree.access());
            if (pathIndex[depth] < nodeOffsets.length - 1) {
                pathIndex[depth]++;
                int pageId = KeyNode.child(page, nodeOffsets, pathIndex[depth]);
                for (int d = depth + 1; d <= leafDepth; d++) {
                    pathPages[d] = pageId;
                    byte[] node = tree.readNode(pageId);
                    int[] o = KeyNode.validate(node, pageId, tree.access());
                    if (d == leafDepth) {
                        if (!KeyNode.isLeaf(node)) {
                            throw tree.access().corruption(pageId, "key-tree leaves at different depths");
                        }
                        leafImage = node;
                        offsets = o;
                    } else {
                        if (KeyNode.isLeaf(node)) {
                            throw tree.access().corruption(pageId, "key-tree leaves at different depths");
                        }
                        pathIndex[d] = 0;
                        pageId = KeyNode.child(node, o, 0);
                    }
                }
                index = 0;
                return true;
            }
        }
        return false;
    }

    private void loadLeaf() throws IOException {
        int pageId = pathPages[leafDepth];
        byte[] page = tree.access().read(pageId);
        if (page != leafImage) {
            offsets = KeyNode.validate(page, pageId, tree.access());
            leafImage = page;
        }
    }

    private void checkUnchanged() {
        if (tree.modCount() != expectedModCount) {
            throw new ConcurrentModificationException("key tree changed since the cursor was opened");
        }
    }
}
