package dev.crashbench.engine.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link BTree#get(long, byte[], int)}: the value copied into the caller's buffer only when it fits. */
class BTreeGetIntoTest {
    private final MemoryPages pages = new MemoryPages();

    @Test
    void aValueIsCopiedAtTheOffsetWhenItFitsAndOnlyMeasuredWhenNot() throws Exception {
        BTree tree = new BTree(pages, BTree.create(pages));
        byte[] small = BTreeTest.value(1, 40);
        byte[] overflow = BTreeTest.value(2, LeafNode.MAX_INLINE_VALUE * 5);
        tree.put(1, small);
        tree.put(2, overflow);

        byte[] buffer = new byte[64];
        Arrays.fill(buffer, (byte) 0x5a);
        assertEquals(40, tree.get(1, buffer, 10));
        assertArrayEquals(small, Arrays.copyOfRange(buffer, 10, 50));
        assertEquals(0x5a, buffer[9], "nothing before the offset is touched");
        assertEquals(0x5a, buffer[50], "nothing after the value is touched");

        byte[] tooSmall = new byte[45];
        assertEquals(40, tree.get(1, tooSmall, 10), "the length, with no room for it");
        assertArrayEquals(new byte[45], tooSmall, "nothing copied when it does not fit");

        assertEquals(overflow.length, tree.get(2, buffer, 0));
        byte[] room = new byte[overflow.length + 3];
        assertEquals(overflow.length, tree.get(2, room, 3));
        assertArrayEquals(overflow, Arrays.copyOfRange(room, 3, room.length), "an overflow value is read whole");

        assertEquals(-1, tree.get(3, buffer, 0), "an absent key");
    }
}
