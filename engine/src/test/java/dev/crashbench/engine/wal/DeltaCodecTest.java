package dev.crashbench.engine.wal;

import static dev.crashbench.engine.FormatTable.le32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashbench.engine.FormatTable;
import dev.crashbench.engine.FormatTable.Row;
import dev.crashbench.engine.pager.Page;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The delta codec: the documented layout, exact ranges, round trips, the size limit, and what the decoder refuses. */
class DeltaCodecTest {
    private static final int AT = 5; // deltas are written inside larger buffers

    private static byte[] page(int seed) {
        byte[] image = new byte[Page.SIZE];
        new Random(seed).nextBytes(image);
        return image;
    }

    private static int u16(byte[] b, int at) {
        return le32(new byte[] {b[at], b[at + 1], 0, 0}, 0);
    }

    @Test
    void documentedTableMatchesTheConstants() {
        assertEquals(List.of(new Row(DeltaCodec.OFFSET_COUNT, 2), new Row(DeltaCodec.OFFSET_RANGES, 2),
                        new Row(DeltaCodec.OFFSET_RANGES + 2, 2)),
                FormatTable.documented(DeltaCodec.class, "Delta (little-endian)"));
        assertEquals(4, DeltaCodec.RANGE_SIZE);
        assertEquals(DeltaCodec.MAX_FRAME_BYTES - WalFrame.OFFSET_DELTA, DeltaCodec.MAX_SIZE);
    }

    @Test
    void rangesAreExactAndCloseChangesShareOne() {
        byte[] base = page(1);
        byte[] image = base.clone();
        image[100] ^= 1;
        image[103] ^= 1;                  // 2 unchanged bytes between: one range 100..103
        image[2000] ^= 1;                 // far away: a range of its own
        image[Page.SIZE - 1] ^= 1;        // the last byte of the page
        byte[] out = new byte[AT + 64];
        int size = DeltaCodec.encode(base, image, out, AT, 64);
        assertEquals(3, u16(out, AT));
        assertEquals(100, u16(out, AT + 2));
        assertEquals(4, u16(out, AT + 4));
        assertEquals(2000, u16(out, AT + 6));
        assertEquals(1, u16(out, AT + 8));
        assertEquals(Page.SIZE - 1, u16(out, AT + 10));
        assertEquals(1, u16(out, AT + 12));
        assertEquals(2 + 3 * 4 + 4 + 1 + 1, size);
        assertArrayEquals(Arrays.copyOfRange(image, 100, 104), Arrays.copyOfRange(out, AT + 14, AT + 18));
        assertEquals(size, DeltaCodec.validate(out, AT, 64));
    }

    @Test
    void anUnchangedPageIsAnEmptyDelta() {
        byte[] base = page(2);
        byte[] out = new byte[8];
        assertEquals(DeltaCodec.MIN_SIZE, DeltaCodec.encode(base, base.clone(), out, 0, 8));
        assertEquals(0, u16(out, 0));
        byte[] image = base.clone();
        DeltaCodec.apply(out, 0, image);
        assertArrayEquals(base, image);
    }

    @Test
    void aDeltaLargerThanTheCapacityIsNotWrittenAtAll() {
        byte[] base = page(3);
        byte[] image = page(4); // nearly every byte differs
        byte[] out = new byte[Page.SIZE];
        Arrays.fill(out, (byte) 0x5A);
        assertEquals(-1, DeltaCodec.encode(base, image, out, 0, DeltaCodec.MAX_SIZE));
        for (byte b : out) {
            assertEquals(0x5A, b, "nothing written");
        }
    }

    @Property(tries = 200)
    void applyingTheDeltaToItsBaseGivesTheImage(@ForAll @IntRange(min = 0, max = 60) int changes,
                                               @ForAll @IntRange(min = 1, max = 40) int maxRun,
                                               @ForAll int seed) {
        Random random = new Random(seed);
        byte[] base = page(seed);
        byte[] image = base.clone();
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(Page.SIZE);
            int run = Math.min(1 + random.nextInt(maxRun), Page.SIZE - at);
            for (int i = at; i < at + run; i++) {
                image[i] = (byte) random.nextInt();
            }
        }
        byte[] out = new byte[AT + Page.SIZE * 2];
        int size = DeltaCodec.encode(base, image, out, AT, Page.SIZE * 2);
        assertEquals(size, DeltaCodec.validate(out, AT, size), "the decoder accepts what the encoder writes");
        byte[] rebuilt = base.clone();
        DeltaCodec.apply(out, AT, rebuilt);
        assertArrayEquals(image, rebuilt);
    }

    /** A valid delta of two ranges, 10..13 and 50..51, with the bytes 1..6. */
    private static byte[] twoRanges() {
        byte[] d = new byte[2 + 8 + 6];
        d[0] = 2;
        d[2] = 10;
        d[4] = 4;
        d[6] = 50;
        d[8] = 2;
        for (int i = 0; i < 6; i++) {
            d[10 + i] = (byte) (i + 1);
        }
        return d;
    }

    @Test
    void theDecoderRejectsEveryDeltaTheEncoderCannotWrite() {
        byte[] ok = twoRanges();
        assertEquals(ok.length, DeltaCodec.validate(ok, 0, ok.length));

        assertEquals(-1, DeltaCodec.validate(ok, 0, ok.length - 1), "payload cut short (a torn or truncated delta)");
        assertEquals(-1, DeltaCodec.validate(ok, 0, 7), "range table cut short");
        assertEquals(-1, DeltaCodec.validate(ok, 0, 1), "no room for the range count");

        byte[] overlap = twoRanges();
        overlap[6] = 12; // second range starts inside the first
        assertEquals(-1, DeltaCodec.validate(overlap, 0, overlap.length), "overlapping ranges");

        byte[] descending = twoRanges();
        descending[6] = 2;
        assertEquals(-1, DeltaCodec.validate(descending, 0, descending.length), "ranges out of order");

        byte[] empty = twoRanges();
        empty[8] = 0;
        assertEquals(-1, DeltaCodec.validate(empty, 0, empty.length), "an empty range");

        byte[] pastEnd = twoRanges();
        pastEnd[6] = (byte) 0xFF; // offset 4095, length 2
        pastEnd[7] = 0x0F;
        assertEquals(-1, DeltaCodec.validate(pastEnd, 0, pastEnd.length), "a range past the page's end");

        byte[] tooMany = twoRanges();
        tooMany[0] = (byte) 0xFF;
        tooMany[1] = (byte) 0xFF;
        assertEquals(-1, DeltaCodec.validate(tooMany, 0, tooMany.length), "a count the bytes cannot hold");
    }
}
