package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageAccess;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.record.OverflowChain;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * A table B+tree: int64 keys in signed order, byte[] values (empty allowed, long ones in overflow
 * chains), over the pages of one transaction.
 *
 * <p><b>Shape.</b> Leaves ({@link LeafNode}) hold the cells; interior nodes ({@link InteriorNode})
 * hold separators; every leaf is at the same depth. There are no sibling links: cursors keep a
 * path stack. The root page id never changes, because the catalog stores it: when the root splits
 * its contents move to a new page and the root becomes an interior node above it; when an interior
 * root is left with one child, the child's contents move up into the root and the child is freed.
 *
 * <p><b>Balance.</b> A full leaf splits by bytes into two halves that fit (the rightmost leaf
 * receiving a new highest key splits off just the new cell, so ascending inserts fill pages); a
 * full interior node splits in the middle. After a delete, an empty leaf is unlinked and freed; a
 * node using less than a quarter of its page merges with a sibling when both fit in one page
 * (interior nodes pull the separator down); an interior node left with a single child that cannot
 * merge takes half of a sibling's entries instead, so no non-root interior node is ever keyless.
 *
 * <p><b>Trust.</b> Every page image is validated before use (a committed image once while the page
 * cache holds it, then only its references against the reader's page count: {@link NodeStructure};
 * the writer's own copies on every visit), each descent checks that a node's
 * keys lie within the bounds its parent gives it, and descents are bounded by {@link #MAX_HEIGHT},
 * so damage shows up as {@link CorruptDatabaseException} and never as a wrong index, a hang or a
 * page freed twice. Any exception leaves the transaction's pages half updated: the caller must roll
 * the transaction back.
 *
 * <p><b>Pages.</b> Page images are never kept across public calls; an image from
 * {@link PageAccess#read} is dropped before the same page is written. One thread at a time.
 */
public final class BTree {
    /**
     * Levels no tree reaches: every interior node has at least two children, so a tree of 2^31 pages
     * has at most 32 levels. A longer descent means a cycle of child pointers.
     */
    public static final int MAX_HEIGHT = 40;
    /** A node using fewer bytes than this tries to merge with a sibling. */
    static final int UNDERFULL_BYTES = Page.USABLE_SIZE / 4;

    private final PageAccess access;
    private final int root;
    // The path of the last descent: pathPages[0] is the root, pathPages[leafDepth] the leaf, and
    // pathIndex[d] the child taken at depth d. Reused by every operation so a lookup allocates nothing.
    private final int[] pathPages = new int[MAX_HEIGHT];
    private final int[] pathIndex = new int[MAX_HEIGHT];
    private int leafDepth;
    // The key range [leafLow, leafHigh) (no upper bound unless leafBounded) the last descent's
    // parents give its leaf.
    private long leafLow;
    private long leafHigh;
    private boolean leafBounded;
    // The leaf the last store of a new key wrote its cell to, its key range, and the pages' layout
    // version right after: while that version stands, the leaf still covers exactly that range and
    // is this transaction's validated writable image, so the next store of a key in the range
    // (ascending inserts: the same rightmost leaf, key after key) goes straight to it.
    private int hintLeaf;
    private long hintLow;
    private long hintHigh;
    private boolean hintBounded;
    private long hintLayout;
    /** Checks each node this tree reads: a committed one once while the page cache holds it. */
    private final NodeStructure structure = new NodeStructure();
    private int modCount;
    private boolean dropped;

    public BTree(PageAccess access, int rootPageId) {
        this.access = Objects.requireNonNull(access, "access");
        this.root = rootPageId;
    }

    /** Allocates an empty tree (a leaf root) and returns its root page id. */
    public static int create(PageAccess access) throws IOException {
        int root = access.allocate();
        LeafNode.init(access.write(root));
        return root;
    }

    public int rootPageId() {
        return root;
    }

    /** The value stored under {@code key}, or null. */
    public byte[] get(long key) throws IOException {
        checkOpen();
        byte[] leaf = descend(key);
        int index = LeafNode.find(leaf, key);
        return index < 0 ? null : value(leaf, index, pathPages[leafDepth]);
    }

    /**
     * Copies the value stored under {@code key} to {@code dst} at {@code offset} when it fits
     * there, and returns its length; -1 when the key is absent. A value longer than the room left
     * is not copied: the caller makes room and asks again. For a caller that keeps a buffer, so
     * that a small value is read without a new array.
     */
    public int get(long key, byte[] dst, int offset) throws IOException {
        checkOpen();
        byte[] leaf = descend(key);
        int index = LeafNode.find(leaf, key);
        if (index < 0) {
            return -1;
        }
        int length = LeafNode.valueLength(leaf, index);
        if (length <= dst.length - offset) {
            if (LeafNode.isOverflow(leaf, index)) {
                System.arraycopy(value(leaf, index, pathPages[leafDepth]), 0, dst, offset, length);
            } else {
                System.arraycopy(leaf, LeafNode.inlineValueOffset(leaf, index), dst, offset, length);
            }
        }
        return length;
    }

    /** Stores {@code value} under {@code key}, replacing (and freeing) any previous value. */
    public void put(long key, byte[] value) throws IOException {
        store(key, value, true);
    }

    /**
     * Stores {@code value} under {@code key} when the key is absent and returns true; returns false
     * and changes nothing when it is present. One descent where a lookup and then a put take two
     * (and none at all for the next key of an ascending run, see {@link #hintLeaf}).
     */
    public boolean insert(long key, byte[] value) throws IOException {
        return store(key, value, false);
    }

    private boolean store(long key, byte[] value, boolean replace) throws IOException {
        Objects.requireNonNull(value, "value");
        checkOpen();
        boolean inline = value.length <= LeafNode.MAX_INLINE_VALUE;
        if (inline && inHintedLeaf(key)) {
            byte[] page = access.write(hintLeaf);
            int index = LeafNode.find(page, key);
            if (index >= 0 && !replace) {
                return false;
            }
            int size = LeafNode.cellSizeFor(value.length);
            if (index < 0 && LeafNode.fits(page, size)) {
                modCount++;
                LeafNode.insertInline(page, -index - 1, key, value);
                return true;
            }
            // A replacement or a split: the general path below.
        }
        byte[] leaf = descend(key);
        int depth = leafDepth;
        int leafId = pathPages[depth];
        int index = LeafNode.find(leaf, key);
        if (index >= 0 && !replace) {
            return false;
        }
        modCount++;
        if (index >= 0) {
            if (inline && !LeafNode.isOverflow(leaf, index) && LeafNode.valueLength(leaf, index) == value.length) {
                // Same-sized small value: overwrite in place, the common update, allocation-free.
                LeafNode.overwriteInlineValue(access.write(leafId), index, value);
                return true;
            }
            if (LeafNode.isOverflow(leaf, index)) {
                OverflowChain.free(access, LeafNode.overflowPage(leaf, index), LeafNode.valueLength(leaf, index), leafId);
            }
            LeafNode.remove(access.write(leafId), index);
        } else {
            index = -index - 1;
        }
        int overflow = inline ? 0 : OverflowChain.write(access, value);
        int size = LeafNode.cellSizeFor(value.length);
        byte[] page = access.write(leafId);
        if (LeafNode.fits(page, size)) {
            writeCell(page, index, key, value, overflow);
            hint(leafId, leafLow, leafHigh, leafBounded);
        } else {
            splitLeaf(depth, index, key, value, overflow, size);
        }
        return true;
    }

    /** Whether {@code key} falls in the range of the leaf {@link #hint} recorded, and that record still holds. */
    private boolean inHintedLeaf(long key) {
        return hintLeaf != 0 && hintLayout == access.layoutVersion() && key >= hintLow
                && (!hintBounded || key < hintHigh);
    }

    /**
     * Records, for {@link #inHintedLeaf}, that leaf {@code leafId}, just written, covers the keys
     * [{@code low}, {@code high}) ({@code high} only when {@code bounded}) as the pages are now.
     */
    private void hint(int leafId, long low, long high, boolean bounded) {
        hintLeaf = leafId;
        hintLow = low;
        hintHigh = high;
        hintBounded = bounded;
        hintLayout = access.layoutVersion();
    }

    /** Removes {@code key}; false if it was absent. */
    public boolean delete(long key) throws IOException {
        checkOpen();
        byte[] leaf = descend(key);
        int depth = leafDepth;
        int leafId = pathPages[depth];
        int index = LeafNode.find(leaf, key);
        if (index < 0) {
            return false;
        }
        modCount++;
        if (LeafNode.isOverflow(leaf, index)) {
            OverflowChain.free(access, LeafNode.overflowPage(leaf, index), LeafNode.valueLength(leaf, index), leafId);
        }
        LeafNode.remove(access.write(leafId), index);
        rebalanceLeaf(depth);
        return true;
    }

    /**
     * The highest key, or null when the tree is empty: one descent along the last children (a
     * non-root leaf is never empty, so the last leaf holds the highest key).
     */
    public Long lastKey() throws IOException {
        checkOpen();
        byte[] leaf = descend(Long.MAX_VALUE);
        int count = LeafNode.cellCount(leaf);
        return count == 0 ? null : LeafNode.key(leaf, count - 1);
    }

    /** Number of keys; walks every leaf. */
    public long count() throws IOException {
        checkOpen();
        LeafWalk walk = new LeafWalk(this);
        walk.seek(Long.MIN_VALUE);
        long count = 0;
        do {
            count += LeafNode.cellCount(walk.leaf());
        } while (walk.nextLeaf());
        return count;
    }

    /**
     * A cursor over the keys in the closed range [{@code firstKey}, {@code lastKey}] in ascending
     * order; empty when {@code firstKey > lastKey}. A closed range can name every key range,
     * including ones ending at {@link Long#MAX_VALUE}; the half-open [a, b) is
     * {@code cursor(a, b - 1)} for b &gt; {@link Long#MIN_VALUE}. The cursor fails with
     * {@link java.util.ConcurrentModificationException} once the tree is modified.
     */
    public Cursor cursor(long firstKey, long lastKey) {
        checkOpen();
        return new Cursor(this, firstKey, lastKey);
    }

    /** A cursor over every key. */
    public Cursor cursor() {
        return cursor(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Frees every page of the tree, overflow chains and root included; the tree is unusable
     * afterwards. The tree is checked first and not touched if anything is wrong with it, so damage
     * never makes it free a page twice or free a page it does not own.
     */
    public void drop() throws IOException {
        checkOpen();
        PageOwners owners = new PageOwners(access.pageCount());
        verify(owners, "b-tree " + root);
        List<IntegrityProblem> problems = owners.problemsSoFar();
        if (!problems.isEmpty()) {
            throw access.corruption(root, "cannot drop a damaged b-tree: " + IntegrityProblem.join(problems));
        }
        modCount++;
        freeSubtree(root);
        dropped = true;
    }

    /**
     * Claims for {@code name} every page of the tree and of its overflow chains, and records as
     * problems any damage: pages that do not validate, keys outside the bounds the separators give,
     * leaves at different depths, empty non-root leaves, overflow chains that do not match their
     * cells. Throws only for I/O failures that are not corruption.
     */
    public void verify(PageOwners owners, String name) throws IOException {
        checkOpen();
        new TreeCheck(access, owners, name, root).run();
    }

    // ---- package-private services for Cursor and LeafWalk ----

    PageAccess access() {
        return access;
    }

    int root() {
        return root;
    }

    int modCount() {
        return modCount;
    }

    /** A validated leaf or interior image of {@code pageId}, a child id from a validated parent. */
    byte[] readNode(int pageId) throws IOException {
        return access.readVerified(pageId, structure);
    }

    void validateLeaf(byte[] page, int pageId) throws IOException {
        structure.verifyLeaf(page, pageId, access);
    }

    /** The value of cell {@code index} of a validated leaf. */
    byte[] value(byte[] leaf, int index, int leafId) throws IOException {
        if (!LeafNode.isOverflow(leaf, index)) {
            return LeafNode.inlineValue(leaf, index);
        }
        return OverflowChain.read(access, LeafNode.overflowPage(leaf, index), LeafNode.valueLength(leaf, index), leafId);
    }

    void checkRoot() throws CorruptDatabaseException {
        if (root <= 0 || root >= access.pageCount()) {
            throw access.corruption(root, "b-tree root page " + root + " is outside 1.." + (access.pageCount() - 1));
        }
    }

    // ---- descent ----

    /**
     * Walks from the root to the leaf whose range holds {@code key}, filling the path, validating
     * every node and checking its keys against the bounds its parent gives; returns the leaf image.
     */
    private byte[] descend(long key) throws IOException {
        checkRoot();
        int pageId = root;
        long low = Long.MIN_VALUE;
        long high = 0;
        boolean bounded = false;
        for (int depth = 0; depth < MAX_HEIGHT; depth++) {
            pathPages[depth] = pageId;
            byte[] page = readNode(pageId);
            if (page[0] == Page.TYPE_LEAF) {
                int count = LeafNode.cellCount(page);
                if (count > 0) {
                    checkBounds(pageId, LeafNode.key(page, 0), LeafNode.key(page, count - 1), low, bounded, high);
                }
                leafDepth = depth;
                leafLow = low;
                leafHigh = high;
                leafBounded = bounded;
                return page;
            }
            int count = InteriorNode.keyCount(page);
            checkBounds(pageId, InteriorNode.key(page, 0), InteriorNode.key(page, count - 1), low, bounded, high);
            int index = InteriorNode.childIndex(page, key);
            pathIndex[depth] = index;
            if (index > 0) {
                low = InteriorNode.key(page, index - 1);
            }
            if (index < count) {
                high = InteriorNode.key(page, index);
                bounded = true;
            }
            pageId = InteriorNode.child(page, index);
        }
        throw access.corruption(root, "b-tree deeper than " + MAX_HEIGHT + " levels (a cycle of child pointers?)");
    }

    private void checkBounds(int pageId, long lowestKey, long highestKey, long low, boolean bounded, long high)
            throws CorruptDatabaseException {
        if (lowestKey < low || bounded && highestKey >= high) {
            throw access.corruption(pageId, "b-tree node keys " + lowestKey + ".." + highestKey
                    + " fall outside the range its parent gives, [" + low + ", " + (bounded ? high + ")" : "max]"));
        }
    }

    // ---- insertion ----

    private static void writeCell(byte[] leaf, int index, long key, byte[] value, int overflowPage) {
        if (overflowPage == 0) {
            LeafNode.insertInline(leaf, index, key, value);
        } else {
            LeafNode.insertOverflow(leaf, index, key, value.length, overflowPage);
        }
    }

    private void splitLeaf(int depth, int index, long key, byte[] value, int overflow, int size) throws IOException {
        if (depth == 0) {
            depth = deepen();
        }
        int leftId = pathPages[depth];
        int split = LeafNode.splitPoint(access.write(leftId), index, size, isRightmost(depth));
        int rightId = access.allocate();
        byte[] right = access.write(rightId);
        LeafNode.init(right);
        byte[] left = access.write(leftId);
        LeafNode.moveTail(left, index < split ? split - 1 : split, right);
        if (index < split) {
            writeCell(left, index, key, value, overflow);
        } else {
            writeCell(right, index - split, key, value, overflow);
        }
        long separator = LeafNode.key(right, 0);
        insertSeparator(depth - 1, separator, rightId);
        // The two halves split the old leaf's range at the separator (interior splits above move
        // separators up but change no leaf's range): the next key of an ascending run goes
        // straight to the half that took this one.
        if (index < split) {
            hint(leftId, leafLow, separator, true);
        } else {
            hint(rightId, separator, leafHigh, leafBounded);
        }
    }

    /** Whether the node at {@code depth} on the path is the last one of its level. */
    private boolean isRightmost(int depth) throws IOException {
        for (int d = 0; d < depth; d++) {
            if (pathIndex[d] != InteriorNode.keyCount(access.read(pathPages[d]))) {
                return false;
            }
        }
        return true;
    }

    /** Adds (separator, rightChild) to the node at {@code depth} after its child on the path. */
    private void insertSeparator(int depth, long separator, int rightChild) throws IOException {
        int keyIndex = pathIndex[depth];
        byte[] node = access.write(pathPages[depth]);
        if (InteriorNode.keyCount(node) < InteriorNode.MAX_KEYS) {
            InteriorNode.insert(node, keyIndex, separator, rightChild);
            return;
        }
        if (depth == 0) {
            depth = deepen();
        }
        int nodeId = pathPages[depth];
        int rightId = access.allocate();
        byte[] right = access.write(rightId);
        long up = InteriorNode.splitInsert(access.write(nodeId), keyIndex, separator, rightChild, right);
        insertSeparator(depth - 1, up, rightId);
    }

    /**
     * Grows the tree by one level while keeping the root id: the root's contents move to a new page,
     * which becomes the only child of the root. Shifts the path down; returns the new depth (1) of
     * the node that was the root.
     */
    private int deepen() throws IOException {
        if (leafDepth + 1 >= MAX_HEIGHT) {
            throw new IllegalStateException("b-tree would grow past " + MAX_HEIGHT + " levels");
        }
        int childId = access.allocate();
        byte[] child = access.write(childId);
        byte[] rootPage = access.write(root);
        System.arraycopy(rootPage, 0, child, 0, Page.USABLE_SIZE);
        InteriorNode.init(rootPage, childId);
        System.arraycopy(pathPages, 0, pathPages, 1, leafDepth + 1);
        System.arraycopy(pathIndex, 0, pathIndex, 1, leafDepth);
        pathPages[1] = childId;
        pathIndex[0] = 0;
        leafDepth++;
        return 1;
    }

    // ---- deletion ----

    private void rebalanceLeaf(int depth) throws IOException {
        if (depth == 0) {
            return;
        }
        int leafId = pathPages[depth];
        int parentDepth = depth - 1;
        int childIndex = pathIndex[parentDepth];
        byte[] leaf = access.write(leafId);
        if (LeafNode.cellCount(leaf) == 0) {
            access.free(leafId);
            removeChild(parentDepth, childIndex);
            return;
        }
        if (LeafNode.usedBytes(leaf) >= UNDERFULL_BYTES) {
            return;
        }
        int parentId = pathPages[parentDepth];
        if (childIndex > 0 && mergeLeaves(InteriorNode.child(access.read(parentId), childIndex - 1), leafId, true)) {
            removeChild(parentDepth, childIndex);
        } else if (childIndex < InteriorNode.keyCount(access.read(parentId))
                && mergeLeaves(leafId, InteriorNode.child(access.read(parentId), childIndex + 1), false)) {
            removeChild(parentDepth, childIndex + 1);
        }
    }

    /**
     * Moves every cell of the right leaf into the left one and frees the right, if they fit in one
     * page. The sibling (left when {@code siblingIsLeft}) is read from the parent and validated here.
     */
    private boolean mergeLeaves(int leftId, int rightId, boolean siblingIsLeft) throws IOException {
        checkDistinct(leftId, rightId);
        int siblingId = siblingIsLeft ? leftId : rightId;
        byte[] sibling = access.read(siblingId);
        if (sibling[0] != Page.TYPE_LEAF) {
            throw access.corruption(siblingId, "sibling of a leaf has page type " + sibling[0]);
        }
        validateLeaf(sibling, siblingId);
        byte[] left = access.read(leftId);
        byte[] right = access.read(rightId);
        if (LeafNode.usedBytes(left) + LeafNode.usedBytes(right) - LeafNode.HEADER_SIZE > Page.USABLE_SIZE) {
            return false;
        }
        int leftCount = LeafNode.cellCount(left);
        if (leftCount > 0 && LeafNode.cellCount(right) > 0
                && LeafNode.key(left, leftCount - 1) >= LeafNode.key(right, 0)) {
            throw access.corruption(siblingId, "leaf keys overlap those of its sibling");
        }
        LeafNode.appendAll(access.read(rightId), access.write(leftId));
        access.free(rightId);
        return true;
    }

    /** Unlinks child {@code childIndex} (already freed or merged away) from the node at {@code depth}. */
    private void removeChild(int depth, int childIndex) throws IOException {
        InteriorNode.removeChild(access.write(pathPages[depth]), childIndex);
        rebalanceInterior(depth);
    }

    private void rebalanceInterior(int depth) throws IOException {
        int nodeId = pathPages[depth];
        int keys = InteriorNode.keyCount(access.write(nodeId));
        if (depth == 0) {
            if (keys == 0) {
                collapseRoot();
            }
            return;
        }
        if (keys > 0 && InteriorNode.usedBytes(access.read(nodeId)) >= UNDERFULL_BYTES) {
            return;
        }
        int parentDepth = depth - 1;
        int parentId = pathPages[parentDepth];
        int childIndex = pathIndex[parentDepth];
        if (childIndex > 0 && mergeInteriors(parentId, childIndex - 1, true)) {
            removeChild(parentDepth, childIndex);
        } else if (childIndex < InteriorNode.keyCount(access.read(parentId))
                && mergeInteriors(parentId, childIndex, false)) {
            removeChild(parentDepth, childIndex + 1);
        } else if (keys == 0) {
            redistribute(parentId, childIndex > 0 ? childIndex - 1 : childIndex, childIndex > 0);
        }
    }

    /**
     * Merges children {@code leftIndex} and {@code leftIndex + 1} of {@code parentId}, pulling their
     * separator down, if the result fits; frees the right one. The caller unlinks it.
     */
    private boolean mergeInteriors(int parentId, int leftIndex, boolean siblingIsLeft) throws IOException {
        InteriorPair pair = interiorPair(parentId, leftIndex, siblingIsLeft);
        byte[] right = access.read(pair.rightId());
        int leftKeys = InteriorNode.keyCount(access.read(pair.leftId()));
        int rightKeys = InteriorNode.keyCount(right);
        if (leftKeys + 1 + rightKeys > InteriorNode.MAX_KEYS) {
            return false;
        }
        InteriorNode.mergeFrom(access.write(pair.leftId()), pair.separator(), right);
        access.free(pair.rightId());
        return true;
    }

    /** Children {@code leftIndex} and {@code leftIndex + 1} of an interior node and the key between them. */
    private record InteriorPair(int leftId, int rightId, long separator) {
    }

    /** Reads the pair of neighbouring interior children, checked to be two distinct interior pages. */
    private InteriorPair interiorPair(int parentId, int leftIndex, boolean siblingIsLeft) throws IOException {
        byte[] parent = access.read(parentId);
        int leftId = InteriorNode.child(parent, leftIndex);
        int rightId = InteriorNode.child(parent, leftIndex + 1);
        long separator = InteriorNode.key(parent, leftIndex);
        checkDistinct(leftId, rightId);
        checkInteriorSibling(siblingIsLeft ? leftId : rightId);
        return new InteriorPair(leftId, rightId, separator);
    }

    /**
     * Shares the entries of children {@code leftIndex} and {@code leftIndex + 1} of {@code parentId}
     * evenly between them, through the separator, when one of them has no key left and a merge
     * would not fit. Rare enough that copying into arrays is fine.
     */
    private void redistribute(int parentId, int leftIndex, boolean siblingIsLeft) throws IOException {
        InteriorPair pair = interiorPair(parentId, leftIndex, siblingIsLeft);
        int leftId = pair.leftId();
        int rightId = pair.rightId();
        long separator = pair.separator();
        byte[] left = access.read(leftId);
        byte[] right = access.read(rightId);
        int leftKeys = InteriorNode.keyCount(left);
        int total = leftKeys + 1 + InteriorNode.keyCount(right);
        long[] keys = new long[total];
        int[] children = new int[total + 1];
        for (int i = 0; i < leftKeys; i++) {
            keys[i] = InteriorNode.key(left, i);
        }
        for (int i = 0; i <= leftKeys; i++) {
            children[i] = InteriorNode.child(left, i);
        }
        keys[leftKeys] = separator;
        for (int i = leftKeys + 1; i < total; i++) {
            keys[i] = InteriorNode.key(right, i - leftKeys - 1);
        }
        for (int i = leftKeys + 1; i <= total; i++) {
            children[i] = InteriorNode.child(right, i - leftKeys - 1);
        }
        int middle = total / 2;
        fill(access.write(leftId), keys, children, 0, middle);
        fill(access.write(rightId), keys, children, middle + 1, total);
        InteriorNode.setKey(access.write(parentId), leftIndex, keys[middle]);
    }

    private static void fill(byte[] node, long[] keys, int[] children, int from, int to) {
        InteriorNode.init(node, children[from]);
        for (int i = from; i < to; i++) {
            InteriorNode.append(node, keys[i], children[i + 1]);
        }
    }

    /** Two neighbouring children that are one page would merge a page into itself and free it. */
    private void checkDistinct(int leftId, int rightId) throws CorruptDatabaseException {
        if (leftId == rightId) {
            throw access.corruption(leftId, "b-tree page is two neighbouring children of one parent");
        }
    }

    private void checkInteriorSibling(int siblingId) throws IOException {
        byte[] sibling = access.read(siblingId);
        if (sibling[0] != Page.TYPE_INTERIOR) {
            throw access.corruption(siblingId, "sibling of an interior node has page type " + sibling[0]);
        }
        InteriorNode.validate(sibling, siblingId, access);
    }

    /** The root has one child left: its contents move up into the root, and it is freed. */
    private void collapseRoot() throws IOException {
        int childId = InteriorNode.child(access.read(root), 0);
        byte[] child = readNode(childId);
        System.arraycopy(child, 0, access.write(root), 0, Page.USABLE_SIZE);
        access.free(childId);
    }

    // ---- drop ----

    /** Frees a subtree already checked by {@link #verify}, children first. */
    private void freeSubtree(int pageId) throws IOException {
        byte[] page = access.read(pageId);
        if (page[0] == Page.TYPE_LEAF) {
            int count = LeafNode.cellCount(page);
            for (int i = 0; i < count; i++) {
                page = access.read(pageId);
                if (LeafNode.isOverflow(page, i)) {
                    OverflowChain.free(access, LeafNode.overflowPage(page, i), LeafNode.valueLength(page, i), pageId);
                }
            }
        } else {
            int count = InteriorNode.keyCount(page);
            for (int i = 0; i <= count; i++) {
                freeSubtree(InteriorNode.child(access.read(pageId), i));
            }
        }
        access.free(pageId);
    }

    private void checkOpen() {
        if (dropped) {
            throw new IllegalStateException("b-tree " + root + " was dropped");
        }
    }
}
