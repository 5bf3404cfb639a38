package dev.crashbench.engine.pager;

import java.util.Arrays;

/**
 * A write transaction's dirty pages, keyed by page id without boxing: for each one its private
 * image, the committed image it was copied from (none for a page past the snapshot's end) and
 * that image's checksum trailer, which the commit's page digest replaces.
 *
 * <p>Open addressing with linear probing over a power-of-two table, plus the ids in the order they
 * were first written. {@link #clear} keeps every array, so a reused transaction allocates nothing
 * until it dirties more pages than any transaction before it.
 */
final class DirtyPages {
    private static final int EMPTY = -1;

    private int[] slots = new int[32];
    private byte[][] images = new byte[32][];
    private byte[][] bases = new byte[32][];
    private int[] baseTrailers = new int[32];
    /** Page ids in the order they were added; {@code order[0..count)}. */
    private int[] order = new int[16];
    /** The slot of each page of {@code order}, so {@link #clear} empties exactly those slots. */
    private int[] orderSlots = new int[16];
    private int count;

    DirtyPages() {
        Arrays.fill(slots, EMPTY);
    }

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The {@code i}-th page id added, {@code 0 <= i < size()}. */
    int idAt(int i) {
        return order[i];
    }

    /** The private image of {@code pageId}, or null when it is not dirty. */
    byte[] image(int pageId) {
        int slot = find(pageId);
        return slot < 0 ? null : images[slot];
    }

    /** The committed image {@code pageId} was copied from; null for a page past the snapshot's end. */
    byte[] base(int pageId) {
        int slot = find(pageId);
        return slot < 0 ? null : bases[slot];
    }

    /** Whether {@code pageId} existed in the snapshot (so its trailer there counts in the digest). */
    boolean hasBase(int pageId) {
        int slot = find(pageId);
        return slot >= 0 && bases[slot] != null;
    }

    /** The checksum trailer of {@code pageId}'s committed image; only when {@link #hasBase}. */
    int baseTrailer(int pageId) {
        return baseTrailers[find(pageId)];
    }

    /**
     * Adds a dirty page: {@code image} is its private copy, {@code base} the committed image it was
     * copied from (null for a new page) with checksum trailer {@code trailer}.
     */
    void add(int pageId, byte[] image, byte[] base, int trailer) {
        if (pageId < 0) {
            throw new IllegalArgumentException("page id " + pageId);
        }
        if ((count + 1) * 2 > slots.length) {
            grow();
        }
        int slot = insertionSlot(pageId);
        if (slots[slot] == EMPTY) {
            if (count == order.length) {
                order = Arrays.copyOf(order, order.length * 2);
                orderSlots = Arrays.copyOf(orderSlots, orderSlots.length * 2);
            }
            orderSlots[count] = slot;
            order[count++] = pageId;
        }
        slots[slot] = pageId;
        images[slot] = image;
        bases[slot] = base;
        baseTrailers[slot] = trailer;
    }

    /** Forgets every page; keeps the arrays. */
    void clear() {
        // By recorded slot, not by probing: emptying one slot would cut the probe run of the next.
        for (int i = 0; i < count; i++) {
            int slot = orderSlots[i];
            slots[slot] = EMPTY;
            images[slot] = null;
            bases[slot] = null;
        }
        count = 0;
    }

    private int find(int pageId) {
        int mask = slots.length - 1;
        for (int slot = mix(pageId) & mask; ; slot = (slot + 1) & mask) {
            int held = slots[slot];
            if (held == pageId) {
                return slot;
            }
            if (held == EMPTY) {
                return -1;
            }
        }
    }

    private int insertionSlot(int pageId) {
        int mask = slots.length - 1;
        for (int slot = mix(pageId) & mask; ; slot = (slot + 1) & mask) {
            int held = slots[slot];
            if (held == pageId || held == EMPTY) {
                return slot;
            }
        }
    }

    private void grow() {
        int[] oldSlots = slots;
        byte[][] oldImages = images;
        byte[][] oldBases = bases;
        int[] oldTrailers = baseTrailers;
        int capacity = oldSlots.length * 2;
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        images = new byte[capacity][];
        bases = new byte[capacity][];
        baseTrailers = new int[capacity];
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != EMPTY) {
                int slot = insertionSlot(oldSlots[i]);
                slots[slot] = oldSlots[i];
                images[slot] = oldImages[i];
                bases[slot] = oldBases[i];
                baseTrailers[slot] = oldTrailers[i];
            }
        }
        for (int i = 0; i < count; i++) {
            orderSlots[i] = find(order[i]);
        }
    }

    /** Spreads consecutive page ids over the table (Fibonacci hashing). */
    private static int mix(int pageId) {
        return (pageId * 0x9E3779B9) >>> 7;
    }
}
