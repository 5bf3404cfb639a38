package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageOwners;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An ordered set of byte strings (1..{@link KeyNode#MAX_KEY} bytes, unsigned lexicographic order)
 * in a B+tree of {@link KeyNode} pages. It is the storage of secondary indexes: the SQL layer
 * encodes (column values, row id) as an order-preserving byte string, so one key is one index
 * entry, duplicates of a value are distinct keys, and a range of values is a range of keys.
 *
 * <p><b>Why a second tree.</b> Table trees are keyed by int64 and their nodes are tuned for that
 * (fixed-width keys, in-place updates, zero-allocation lookups). Index keys are variable-length,
 * so they get their own node format rather than a 64-bit prefix with buckets, which would turn
 * every duplicate-heavy index into long rewritten values.
 *
 * <p><b>Shape.</b> Every leaf is at the same depth; the root page id never changes (the catalog
 * stores it): a root split moves both halves to new pages and the root becomes their parent, and
 * an interior root left with one child takes the child's contents. An interior node may be left
 * with a single child (no separator) by deletes; a leaf emptied by a delete is freed and unlinked,
 * and a leaf under a quarter full merges with a sibling when both fit one page. Separators are
 * the first key of their right subtree at split time: keys in child i lie in [separator i-1,
 * separator i).
 *
 * <p><b>Trust.</b> Every node read is validated ({@link KeyNode#validate}); descents are bounded by
 * {@link BTree#MAX_HEIGHT}. Any exception leaves the pages half updated: the caller must roll the
 * transaction back. One thread at a time; page images are not kept across public calls except by
 * a cursor, which re-reads its leaf on every step and fails once the tree is modified.
 */
public final class KeyTree {
    private static final int UNDERFULL_BYTES = Page.USABLE_SIZE / 4;

    private final PageAccess access;
    private final int root;
    private final int[] pathPages = new int[BTree.MAX_HEIGHT];
    private final int[] pathIndex = new int[BTree.MAX_HEIGHT];
    private int leafDepth;
    private int modCount;
    private boolean dropped;

    public KeyTree(PageAccess access, int rootPageId) {
        this.access = Objects.requireNonNull(access, "access");
        this.root = rootPageId;
    }

    /** Allocates an empty tree (a leaf root) and returns its root page id. */
    public static int create(PageAccess access) throws IOException {
        int root = access.allocate();
        KeyNode.initLeaf(access.write(root));
        return root;
    }

    public int rootPageId() {
        return root;
    }

    public boolean contains(byte[] key) throws IOException {
        checkKey(key);
        byte[] leaf = descend(key);
        int[] offsets = KeyNode.validate(leaf, pathPages[leafDepth], access);
        int i = KeyNode.lowerBound(leaf, offsets, key);
        return i < offsets.length - 1 && KeyNode.compare(leaf, offsets[i], key) == 0;
    }

    /** Adds {@code key}; false when it was already present. */
    public boolean insert(byte[] key) throws IOException {
        checkKey(key);
        byte[] leaf = descend(key);
        int[] offsets = KeyNode.validate(leaf, pathPages[leafDepth], access);
        int i = KeyNode.lowerBound(leaf, offsets, key);
        if (i < offsets.length - 1 && KeyNode.compare(leaf, offsets[i], key) == 0) {
            return false;
        }
        modCount++;
        KeyNode.Decoded node = KeyNode.Decoded.of(leaf, offsets);
        node.keys.add(i, key.clone());
        store(leafDepth, node);
        return true;
    }

    /** Removes {@code key}; false when it was absent. */
    public boolean delete(byte[] key) throws IOException {
        checkKey(key);
        byte[] leaf = descend(key);
        int depth = leafDepth;
        int[] offsets = KeyNode.validate(leaf, pathPages[depth], access);
        int i = KeyNode.lowerBound(leaf, offsets, key);
        if (i == offsets.length - 1 || KeyNode.compare(leaf, offsets[i], key) != 0) {
            return false;
        }
        modCount++;
        KeyNode.Decoded node = KeyNode.Decoded.of(leaf, offsets);
        node.keys.remove(i);
        if (depth == 0) {
            node.writeTo(access.write(root));
            return true;
        }
        int leafId = pathPages[depth];
        if (node.keys.isEmpty()) {
            access.free(leafId);
            removeChild(depth - 1, pathIndex[depth - 1]);
            return true;
        }
        node.writeTo(access.write(leafId));
        if (node.bytes() < UNDERFULL_BYTES) {
            mergeLeaf(depth, node);
        }
        return true;
    }

    /** A cursor over the keys at or above {@code fromInclusive} (every key when null), ascending. */
    public KeyCursor cursor(byte[] fromInclusive) throws IOException {
        checkOpen();
        return new KeyCursor(this, fromInclusive);
    }

    /** Number of keys; walks every node. */
    public long count() throws IOException {
        checkOpen();
        checkRoot();
        return countSubtree(root, 0);
    }

    /**
     * Frees every page of the tree; the tree is unusable afterwards. The tree is verified first and
     * left untouched when damaged, so damage never makes it free a page it does not own.
     */
    public void drop() throws IOException {
        checkOpen();
        PageOwners owners = new PageOwners(access.pageCount());
        verify(owners, "key tree " + root);
        List<IntegrityProblem> problems = owners.problemsSoFar();
        if (!problems.isEmpty()) {
            throw access.corruption(root, "cannot drop a damaged key tree: " + IntegrityProblem.join(problems));
        }
        modCount++;
        freeSubtree(root);
        dropped = true;
    }

    /**
     * Claims every page of the tree for {@code name} and records damage as problems: nodes that do
     * not validate, keys outside the range their parent gives, leaves at different depths, empty
     * leaves below the root.
     */
    public void verify(PageOwners owners, String name) throws IOException {
        checkOpen();
        new Check(owners, name).check(root, 0, null, null);
    }

    // ---- services for KeyCursor ----

    PageAccess access() {
        return access;
    }

    int root() {
        return root;
    }

    int modCount() {
        return modCount;
    }

    byte[] readNode(int pageId) throws IOException {
        if (pageId <= 0 || pageId >= access.pageCount()) {
            throw access.corruption(root, "key tree refers to page " + pageId + ", outside 1.." + (access.pageCount() - 1));
        }
        return access.read(pageId);
    }

    // ---- descent ----

    private byte[] descend(byte[] key) throws IOException {
        checkOpen();
        checkRoot();
        int pageId = root;
        for (int depth = 0; depth < BTree.MAX_HEIGHT; depth++) {
            pathPages[depth] = pageId;
            byte[] page = readNode(pageId);
            int[] offsets = KeyNode.validate(page, pageId, access);
            if (KeyNode.isLeaf(page)) {
                leafDepth = depth;
                return page;
            }
            int index = KeyNode.childIndex(page, offsets, key);
            pathIndex[depth] = index;
            pageId = KeyNode.child(page, offsets, index);
        }
        throw access.corruption(root, "key tree deeper than " + BTree.MAX_HEIGHT + " levels (a cycle of child pointers?)");
    }

    private KeyNode.Decoded decoded(int pageId) throws IOException {
        byte[] page = readNode(pageId);
        return KeyNode.Decoded.of(page, KeyNode.validate(page, pageId, access));
    }

    // ---- insertion ----

    /** Writes {@code node} as the node at {@code depth} of the path, splitting it when it does not fit. */
    private void store(int depth, KeyNode.Decoded node) throws IOException {
        if (node.fits()) {
            node.writeTo(access.write(pathPages[depth]));
            return;
        }
        int split = splitPoint(node);
        KeyNode.Decoded left;
        KeyNode.Decoded right;
        byte[] separator;
        int n = node.keys.size();
        if (node.leaf) {
            left = new KeyNode.Decoded(true, new java.util.ArrayList<>(node.keys.subList(0, split)), null);
            right = new KeyNode.Decoded(true, new java.util.ArrayList<>(node.keys.subList(split, n)), null);
            separator = right.keys.get(0);
        } else {
            left = new KeyNode.Decoded(false, new java.util.ArrayList<>(node.keys.subList(0, split)),
                    new java.util.ArrayList<>(node.children.subList(0, split + 1)));
            right = new KeyNode.Decoded(false, new java.util.ArrayList<>(node.keys.subList(split + 1, n)),
                    new java.util.ArrayList<>(node.children.subList(split + 1, n + 1)));
            separator = node.keys.get(split);
        }
        if (depth == 0) {
            // The root keeps its page id: both halves move to new pages below it.
            int leftId = access.allocate();
            int rightId = access.allocate();
            left.writeTo(access.write(leftId));
            right.writeTo(access.write(rightId));
            KeyNode.Decoded newRoot = new KeyNode.Decoded(false, new java.util.ArrayList<>(List.of(separator)),
                    new java.util.ArrayList<>(List.of(leftId, rightId)));
            newRoot.writeTo(access.write(root));
            return;
        }
        int rightId = access.allocate();
        left.writeTo(access.write(pathPages[depth]));
        right.writeTo(access.write(rightId));
        KeyNode.Decoded parent = decoded(pathPages[depth - 1]);
        int at = pathIndex[depth - 1];
        parent.keys.add(at, separator);
        parent.children.add(at + 1, rightId);
        store(depth - 1, parent);
    }

    /** The first key of the right half: the point where the left half reaches half the bytes. */
    private static int splitPoint(KeyNode.Decoded node) {
        int total = node.bytes();
        int used = KeyNode.header(node.leaf);
        int n = node.keys.size();
        for (int i = 0; i < n; i++) {
            used += KeyNode.cellSize(node.leaf, node.keys.get(i).length);
            if (used >= total / 2) {
                // A leaf's right half starts after this key; an interior node sends key i up.
                return node.leaf ? Math.min(i + 1, n - 1) : Math.min(Math.max(i, 1), n - 2);
            }
        }
        throw new IllegalStateException("no split point in a node of " + total + " bytes");
    }

    // ---- deletion ----

    /** Merges the underfull leaf at {@code depth} with a sibling under the same parent, when both fit in a page. */
    private void mergeLeaf(int depth, KeyNode.Decoded leaf) throws IOException {
        int parentDepth = depth - 1;
        KeyNode.Decoded parent = decoded(pathPages[parentDepth]);
        int index = pathIndex[parentDepth];
        if (index > 0) {
            int leftId = parent.children.get(index - 1);
            KeyNode.Decoded left = decodedSibling(leftId, true);
            if (left.bytes() + leaf.bytes() - KeyNode.LEAF_HEADER <= Page.USABLE_SIZE) {
                left.keys.addAll(leaf.keys);
                left.writeTo(access.write(leftId));
                access.free(pathPages[depth]);
                removeChild(parentDepth, index);
                return;
            }
        }
        if (index < parent.keys.size()) {
            int rightId = parent.children.get(index + 1);
            KeyNode.Decoded right = decodedSibling(rightId, true);
            if (right.bytes() + leaf.bytes() - KeyNode.LEAF_HEADER <= Page.USABLE_SIZE) {
                leaf.keys.addAll(right.keys);
                leaf.writeTo(access.write(pathPages[depth]));
                access.free(rightId);
                removeChild(parentDepth, index + 1);
            }
        }
    }

    private KeyNode.Decoded decodedSibling(int pageId, boolean leaf) throws IOException {
        if (pageId == pathPages[leafDepth]) {
            throw access.corruption(pageId, "key-tree page is two neighbouring children of one parent");
        }
        KeyNode.Decoded sibling = decoded(pageId);
        if (sibling.leaf != leaf) {
            throw access.corruption(pageId, "key-tree sibling of a " + (leaf ? "leaf" : "interior node") + " is not one");
        }
        return sibling;
    }

    /** Unlinks child {@code childIndex} (already freed or merged away) from the node at {@code depth}. */
    private void removeChild(int depth, int childIndex) throws IOException {
        int nodeId = pathPages[depth];
        KeyNode.Decoded node = decoded(nodeId);
        node.children.remove(childIndex);
        if (!node.keys.isEmpty()) {
            node.keys.remove(childIndex > 0 ? childIndex - 1 : 0);
        }
        if (node.children.isEmpty()) {
            if (depth == 0) {
                KeyNode.initLeaf(access.write(root));
                return;
            }
            access.free(nodeId);
            removeChild(depth - 1, pathIndex[depth - 1]);
            return;
        }
        node.writeTo(access.write(nodeId));
        if (depth == 0) {
            collapseRoot();
        }
    }

    /** While the root is an interior node with one child, the child's contents move up into it. */
    private void collapseRoot() throws IOException {
        for (int i = 0; i < BTree.MAX_HEIGHT; i++) {
            byte[] page = readNode(root);
            int[] offsets = KeyNode.validate(page, root, access);
            if (KeyNode.isLeaf(page) || offsets.length > 1) {
                return;
            }
            int childId = KeyNode.child(page, offsets, 0);
            byte[] child = readNode(childId);
            KeyNode.validate(child, childId, access);
            System.arraycopy(child, 0, access.write(root), 0, Page.USABLE_SIZE);
            access.free(childId);
        }
    }

    // ---- count, drop, verify ----

    private long countSubtree(int pageId, int depth) throws IOException {
        if (depth >= BTree.MAX_HEIGHT) {
            throw access.corruption(root, "key tree deeper than " + BTree.MAX_HEIGHT + " levels");
        }
        byte[] page = readNode(pageId);
        int[] offsets = KeyNode.validate(page, pageId, access);
        if (KeyNode.isLeaf(page)) {
            return offsets.length - 1;
        }
        long total = 0;
        for (int i = 0; i < offsets.length; i++) {
            page = readNode(pageId);
            total += countSubtree(KeyNode.child(page, offsets, i), depth + 1);
        }
        return total;
    }

    private void freeSubtree(int pageId) throws IOException {
        byte[] page = access.read(pageId);
        int[] offsets = KeyNode.validate(page, pageId, access);
        if (!KeyNode.isLeaf(page)) {
            for (int i = 0; i < offsets.length; i++) {
                freeSubtree(KeyNode.child(access.read(pageId), offsets, i));
            }
        }
        access.free(pageId);
    }

    private final class Check {
        private final PageOwners owners;
        private final String name;
        private int firstLeafDepth = -1;

        Check(PageOwners owners, String name) {
            this.owners = owners;
            this.name = name;
        }

        /** Checks the subtree at {@code pageId}, whose keys must lie in [low, high) (null: unbounded). */
        void check(int pageId, int depth, byte[] low, byte[] high) throws IOException {
            if (!owners.claim(pageId, name)) {
                return;
            }
            if (depth >= BTree.MAX_HEIGHT) {
                problem(pageId, "lies deeper than " + BTree.MAX_HEIGHT + " levels");
                return;
            }
            byte[] page;
            int[] offsets;
            try {
                page = access.read(pageId);
                offsets = KeyNode.validate(page, pageId, access);
            } catch (CorruptDatabaseException e) {
                owners.unreadable(pageId, name + ": " + e.getMessage());
                return;
            }
            int n = offsets.length - 1;
            for (int i = 0; i < n; i++) {
                byte[] key = KeyNode.key(page, offsets, i);
                if (low != null && Arrays.compareUnsigned(key, low) < 0
                        || high != null && Arrays.compareUnsigned(key, high) >= 0) {
                    problem(pageId, "holds key " + i + " outside the range its parent gives");
                    break;
                }
            }
            if (KeyNode.isLeaf(page)) {
                if (firstLeafDepth < 0) {
                    firstLeafDepth = depth;
                } else if (depth != firstLeafDepth) {
                    problem(pageId, "is a leaf at depth " + depth + " where the first leaf is at depth " + firstLeafDepth);
                }
                if (depth > 0 && n == 0) {
                    problem(pageId, "is an empty leaf below the root");
                }
                return;
            }
            for (int i = 0; i <= n; i++) {
                byte[] current = access.read(pageId);
                byte[] childLow = i == 0 ? low : KeyNode.key(current, offsets, i - 1);
                byte[] childHigh = i < n ? KeyNode.key(current, offsets, i) : high;
                check(KeyNode.child(current, offsets, i), depth + 1, childLow, childHigh);
            }
        }

        private void problem(int pageId, String detail) {
            owners.inconsistency(name + ": page " + pageId + " " + detail);
        }
    }

    private void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > KeyNode.MAX_KEY) {
            throw new IllegalArgumentException("key-tree keys are 1.." + KeyNode.MAX_KEY + " bytes, got " + key.length);
        }
    }

    void checkRoot() throws CorruptDatabaseException {
        if (root <= 0 || root >= access.pageCount()) {
            throw access.corruption(root, "key-tree root page " + root + " is outside 1.." + (access.pageCount() - 1));
        }
    }

    private void checkOpen() {
        if (dropped) {
            throw new IllegalStateException("key tree " + root + " was dropped");
        }
    }
}
