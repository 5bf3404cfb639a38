package dev.crashbench.engine.btree;

import java.io.IOException;
import java.util.ConcurrentModificationException;
import java.util.NoSuchElementException;

/**
 * An ascending scan of the keys of a {@link BTree} in a closed range, from
 * {@link BTree#cursor(long, long)}:
 *
 * <pre>{@code
 * Cursor c = tree.cursor(from, to);
 * while (c.next()) {
 *     use(c.key(), c.value());
 * }
 * }</pre>
 *
 * Any change made through the tree afterwards invalidates the cursor: its next call throws
 * {@link ConcurrentModificationException}. Pages are read again on every call; the last
 * validated leaf image is remembered only to recognise it and skip validating it twice.
 */
public final class Cursor {
    private enum State { BEFORE, ON, DONE }

    private final BTree tree;
    private final long firstKey;
    private final long lastKey;
    private final int expectedModCount;
    private final LeafWalk walk;
    private State state = State.BEFORE;
    private int index;
    private long key;

    Cursor(BTree tree, long firstKey, long lastKey) {
        this.tree = tree;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.expectedModCount = tree.modCount();
        this.walk = new LeafWalk(tree);
    }

    /** Moves to the next key in the range; false when there is none. */
    public boolean next() throws IOException {
        checkUnchanged();
        switch (state) {
            case DONE:
                return false;
            case BEFORE:
                if (firstKey > lastKey) {
                    state = State.DONE;
                    return false;
                }
                index = walk.seek(firstKey);
                break;
            case ON:
                index++;
                break;
            default:
                throw new IllegalStateException(state.toString());
        }
        while (true) {
            byte[] leaf = walk.leaf();
            if (index < LeafNode.cellCount(leaf)) {
                long candidate = LeafNode.key(leaf, index);
                if (candidate > lastKey) {
                    state = State.DONE;
                    return false;
                }
                key = candidate;
                state = State.ON;
                return true;
            }
            if (!walk.nextLeaf()) {
                state = State.DONE;
                return false;
            }
            index = 0;
        }
    }

    /** The current key. */
    public long key() {
        checkUnchanged();
        checkOn();
        return key;
    }

    /** The current value, read on demand (it may be long). */
    public byte[] value() throws IOException {
        checkUnchanged();
        checkOn();
        return tree.value(walk.leaf(), index, walk.leafPageId());
    }

    private void checkOn() {
        if (state != State.ON) {
            throw new NoSuchElementException("cursor is not on a key: call next() and check its result");
        }
    }

    private void checkUnchanged() {
        if (tree.modCount() != expectedModCount) {
            throw new ConcurrentModificationException("b-tree changed since the cursor was opened");
        }
    }
}
