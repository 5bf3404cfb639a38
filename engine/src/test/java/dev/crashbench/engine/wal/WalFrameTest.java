package dev.crashbench.engine.wal;

import static dev.crashbench.engine.FormatTable.le32;
import static dev.crashbench.engine.FormatTable.le64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.crashbench.engine.FormatTable.putLe32;

import dev.crashbench.engine.FormatTable;
import dev.crashbench.engine.FormatTable.Row;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageChecksum;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The WAL frame format: offsets pinned, the documented table, and the chained checksum. */
class WalFrameTest {
    private static final long SALT = 0x0A0B0C0D01020304L;
    private static final int AT = 13; // frames are sealed in place inside larger buffers

    private static byte[] frameWithImage(int seed) {
        byte[] buf = new byte[AT + WalFrame.SIZE + 7];
        byte[] image = new byte[Page.SIZE];
        new Random(seed).nextBytes(image);
        System.arraycopy(image, 0, buf, AT + WalFrame.OFFSET_IMAGE, Page.SIZE);
        return buf;
    }

    /** The chained checksum computed from the documented rule, independently of WalFrame. */
    private static int expectedChecksum(byte[] buf, int at, int previous) {
        CRC32 crc = new CRC32();
        byte[] link = new byte[8];
        FormatTable.putLe32(link, 0, previous);
        FormatTable.putLe32(link, 4, expectedFrameChecksum(buf, at));
        crc.update(link);
        return (int) crc.getValue();
    }

    /** The frame checksum computed from the documented rule, independently of WalFrame. */
    private static int expectedFrameChecksum(byte[] buf, int at) {
        CRC32 crc = new CRC32();
        crc.update(buf, at, 28);
        crc.update(buf, at + 32, 24);
        crc.update(buf, at + 60, 4);
        if (buf[at + 40] == 0) {
            crc.update(buf, at + 512, 4096);
        } else if (buf[at + 40] == 1) {
            crc.update(buf, at + 64, le32(buf, at + 44) - 64);
        }
        return (int) crc.getValue();
    }

    @Test
    void fieldsSitAtTheirOffsetsLittleEndian() {
        byte[] buf = frameWithImage(1);
        byte[] image = Arrays.copyOfRange(buf, AT + 512, AT + 512 + 4096);
        int previous = 0xCAFEBABE;
        long digest = 0x0123_4567_89AB_CDEFL;
        int checksum = WalFrame.seal(buf, AT, 77, 1234, SALT, 0x1_0000_0002L, 0xE90C4, digest, previous, new CRC32());

        assertEquals(77, le32(buf, AT + WalFrame.OFFSET_PAGE_ID));
        assertEquals(1234, le32(buf, AT + WalFrame.OFFSET_COMMIT_SIZE));
        assertEquals(SALT, le64(buf, AT + WalFrame.OFFSET_SALT));
        assertEquals(0x1_0000_0002L, le64(buf, AT + WalFrame.OFFSET_COMMIT_SEQUENCE));
        assertEquals(0xE90C4, le32(buf, AT + WalFrame.OFFSET_EPOCH));
        assertEquals(checksum, le32(buf, AT + WalFrame.OFFSET_CHECKSUM));
        assertEquals(digest, le64(buf, AT + WalFrame.OFFSET_DIGEST));
        assertEquals(WalFrame.KIND_FULL, buf[AT + WalFrame.OFFSET_KIND]);
        assertEquals(WalFrame.SIZE, le32(buf, AT + WalFrame.OFFSET_LENGTH));
        assertEquals(0, le32(buf, AT + WalFrame.OFFSET_BASE_FRAME));
        assertEquals(0, le32(buf, AT + WalFrame.OFFSET_BASE_CHECKSUM));
        assertEquals(expectedChecksum(buf, AT, previous), checksum);
        assertEquals(expectedFrameChecksum(buf, AT), le32(buf, AT + WalFrame.OFFSET_FRAME_CHECKSUM));
        assertEquals(0, le32(buf, AT + WalFrame.OFFSET_SYNCED_FRAMES), "sealed with nothing known durable");
        assertArrayEquals(image, Arrays.copyOfRange(buf, AT + WalFrame.OFFSET_IMAGE, AT + WalFrame.OFFSET_IMAGE + Page.SIZE),
                "sealing leaves the page image alone");
        for (int i = 41; i < 44; i++) {
            assertEquals(0, buf[AT + i], "flag byte " + i);
        }
        for (int i = 64; i < 512; i++) {
            assertEquals(0, buf[AT + i], "sector padding byte " + i);
        }
        assertEquals(0, buf[AT - 1]);
        assertEquals(0, buf[AT + WalFrame.SIZE], "sealing writes nothing past the frame");

        assertEquals(77, WalFrame.pageId(buf, AT));
        assertEquals(1234, WalFrame.commitSize(buf, AT));
        assertEquals(SALT, WalFrame.salt(buf, AT));
        assertEquals(0x1_0000_0002L, WalFrame.commitSequence(buf, AT));
        assertEquals(0xE90C4, WalFrame.epoch(buf, AT));
        assertEquals(digest, WalFrame.digest(buf, AT));
        assertEquals(checksum, WalFrame.storedChecksum(buf, AT));
    }

    @Test
    void documentedTableMatchesTheConstants() {
        List<Row> expected = List.of(
                new Row(WalFrame.OFFSET_PAGE_ID, 4),
                new Row(WalFrame.OFFSET_COMMIT_SIZE, 4),
                new Row(WalFrame.OFFSET_SALT, 8),
                new Row(WalFrame.OFFSET_COMMIT_SEQUENCE, 8),
                new Row(WalFrame.OFFSET_EPOCH, 4),
                new Row(WalFrame.OFFSET_CHECKSUM, 4),
                new Row(WalFrame.OFFSET_DIGEST, 8),
                new Row(WalFrame.OFFSET_KIND, 1),
                new Row(WalFrame.OFFSET_FLAGS, 3),
                new Row(WalFrame.OFFSET_LENGTH, 4),
                new Row(WalFrame.OFFSET_BASE_FRAME, 4),
                new Row(WalFrame.OFFSET_BASE_CHECKSUM, 4),
                new Row(WalFrame.OFFSET_FRAME_CHECKSUM, 4),
                new Row(WalFrame.OFFSET_SYNCED_FRAMES, 4),
                new Row(WalFrame.ENCODED_HEADER_SIZE, WalFrame.OFFSET_IMAGE - WalFrame.ENCODED_HEADER_SIZE),
                new Row(WalFrame.OFFSET_IMAGE, Page.SIZE));
        assertEquals(expected, FormatTable.documented(WalFrame.class, "WAL frame header (little-endian)"));
        assertEquals(512, WalFrame.HEADER_SIZE);
        assertEquals(WalFrame.HEADER_SIZE, WalFrame.OFFSET_IMAGE);
        assertEquals(0, WalFrame.SIZE % WalFrame.ALIGNMENT, "every frame starts on a sector boundary");
        assertEquals(0, WalHeader.REGION_SIZE % WalFrame.ALIGNMENT, "and so does frame 0");
        assertEquals(WalFrame.HEADER_SIZE + Page.SIZE, WalFrame.SIZE);
        assertEquals(WalFrame.ENCODED_HEADER_SIZE, WalFrame.OFFSET_DELTA);
        assertEquals(0, DeltaCodec.MAX_FRAME_BYTES % WalFrame.ALIGNMENT, "the longest delta frame is whole sectors");
    }

    private static byte[] deltaFrame(int length, int seed) {
        byte[] buf = new byte[AT + Math.max(length, DeltaCodec.MAX_FRAME_BYTES) + 7]; // room for a flipped length
        byte[] delta = new byte[length - WalFrame.OFFSET_DELTA];
        new Random(seed).nextBytes(delta);
        System.arraycopy(delta, 0, buf, AT + WalFrame.OFFSET_DELTA, delta.length);
        return buf;
    }

    @Test
    void aDeltaFrameCarriesItsKindLengthAndBase() {
        byte[] buf = deltaFrame(1024, 4);
        byte[] body = Arrays.copyOfRange(buf, AT + 64, AT + 1024);
        int previous = 0x600DCAFE;
        int checksum = WalFrame.sealDelta(buf, AT, 12, 0, SALT, 44, 3, 0, 17, 0xBA5EC4EC, 1024, 0x1234_5678, previous,
                new CRC32());
        assertEquals(0x1234_5678, le32(buf, AT + WalFrame.OFFSET_SYNCED_FRAMES));
        assertEquals(0x1234_5678, WalFrame.syncedFrames(buf, AT));
        assertTrue(WalFrame.verifiesAlone(buf, AT, new CRC32()));
        assertEquals(12, le32(buf, AT + WalFrame.OFFSET_PAGE_ID));
        assertEquals(WalFrame.KIND_DELTA, buf[AT + WalFrame.OFFSET_KIND]);
        assertEquals(1024, le32(buf, AT + WalFrame.OFFSET_LENGTH));
        assertEquals(17, le32(buf, AT + WalFrame.OFFSET_BASE_FRAME));
        assertEquals(0xBA5EC4EC, le32(buf, AT + WalFrame.OFFSET_BASE_CHECKSUM));
        assertEquals(expectedChecksum(buf, AT, previous), checksum);
        assertArrayEquals(body, Arrays.copyOfRange(buf, AT + 64, AT + 1024), "sealing leaves the delta alone");
        assertEquals(WalFrame.KIND_DELTA, WalFrame.kind(buf, AT));
        assertEquals(1024, WalFrame.length(buf, AT));
        assertEquals(17, WalFrame.baseFrame(buf, AT));
        assertEquals(0xBA5EC4EC, WalFrame.baseChecksum(buf, AT));
    }

    @Test
    void onlyTheShapesTheEngineWritesAreFrames() {
        byte[] buf = deltaFrame(WalFrame.SIZE, 5);
        WalFrame.seal(buf, AT, 1, 0, SALT, 1, 0, 0, 0, new CRC32());
        assertTrue(WalFrame.hasValidShape(buf, AT, false), "a full frame");
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, 1024);
        assertFalse(WalFrame.hasValidShape(buf, AT, false), "a full frame with a delta's length");
        buf[AT + WalFrame.OFFSET_KIND] = WalFrame.KIND_DELTA;
        assertTrue(WalFrame.hasValidShape(buf, AT, false), "a delta of two sectors");
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, 1000);
        assertFalse(WalFrame.hasValidShape(buf, AT, false), "a delta not ending on a sector boundary");
        assertTrue(WalFrame.hasValidShape(buf, AT, true), "... which only unsafe_delta_unaligned writes");
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, DeltaCodec.MAX_FRAME_BYTES + WalFrame.ALIGNMENT);
        assertFalse(WalFrame.hasValidShape(buf, AT, false), "a delta longer than any the engine writes");
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, WalFrame.OFFSET_DELTA + 1);
        assertFalse(WalFrame.hasValidShape(buf, AT, true), "a delta with no room for its range count");
        buf[AT + WalFrame.OFFSET_KIND] = WalFrame.KIND_CLOSE;
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, WalFrame.HEADER_SIZE);
        assertTrue(WalFrame.hasValidShape(buf, AT, false), "a close frame: one header block");
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, 1024);
        assertFalse(WalFrame.hasValidShape(buf, AT, false), "a close frame with a body");
        buf[AT + WalFrame.OFFSET_KIND] = 3;
        putLe32(buf, AT + WalFrame.OFFSET_LENGTH, 1024);
        assertFalse(WalFrame.hasValidShape(buf, AT, false), "a kind reserved for later formats");
    }

    @Test
    void deltaFramesArePaddedToWholeSectors() {
        assertEquals(512, WalFrame.padded(WalFrame.OFFSET_DELTA + 2));
        assertEquals(512, WalFrame.padded(512));
        assertEquals(1024, WalFrame.padded(513));
    }

    @Property(tries = 40)
    void anyFlippedBitOfADeltaFrameBreaksIt(@ForAll @IntRange(min = 0, max = 1023) int offset,
                                            @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] buf = deltaFrame(1024, offset);
        CRC32 crc = new CRC32();
        int previous = 0x2468ACE0;
        WalFrame.sealDelta(buf, AT, 3, 9, SALT, 17, 2, 0x5EED_D16E_57L, 4, 0x77, 1024, 5, previous, crc);
        buf[AT + offset] ^= (byte) (1 << bit);
        boolean broken = !WalFrame.hasValidShape(buf, AT, false)
                || !WalFrame.verifiesAlone(buf, AT, crc)
                || WalFrame.storedChecksum(buf, AT) != WalFrame.checksum(buf, AT, previous, crc);
        assertTrue(broken, "bit " + bit + " of byte " + offset + " flipped, padding included");
    }

    @Test
    void aCloseFrameIsOneHeaderBlockChainedAfterTheLastFrameAndValidAlone() {
        byte[] buf = new byte[AT + WalFrame.HEADER_SIZE + 7];
        CRC32 crc = new CRC32();
        int previous = 0x0BADF00D;
        int checksum = WalFrame.sealClose(buf, AT, SALT, 30, 4, 61, previous, crc);
        assertEquals(WalFrame.KIND_CLOSE, WalFrame.kind(buf, AT));
        assertEquals(WalFrame.HEADER_SIZE, WalFrame.length(buf, AT));
        assertTrue(WalFrame.hasValidShape(buf, AT, false));
        assertEquals(30, WalFrame.commitSequence(buf, AT));
        assertEquals(61, WalFrame.syncedFrames(buf, AT));
        assertEquals(0, WalFrame.commitSize(buf, AT), "a close frame is no commit");
        assertEquals(expectedChecksum(buf, AT, previous), checksum);
        assertTrue(WalFrame.verifiesAlone(buf, AT, crc));
        buf[AT + WalFrame.OFFSET_SYNCED_FRAMES] ^= 1;
        assertFalse(WalFrame.verifiesAlone(buf, AT, crc), "a damaged synced count fails the frame's own checksum");
        assertEquals(0, buf[AT + WalFrame.HEADER_SIZE], "sealing writes nothing past the block");
    }

    @Test
    void theFrameChecksumVerifiesAFrameWithoutItsPredecessor() {
        byte[] buf = frameWithImage(9);
        CRC32 crc = new CRC32();
        WalFrame.seal(buf, AT, buf, AT + WalFrame.OFFSET_IMAGE, 4, 0, SALT, 3, 1, 0L, 7, 0x13572468, crc);
        assertTrue(WalFrame.verifiesAlone(buf, AT, crc));
        assertEquals(7, WalFrame.syncedFrames(buf, AT));
        buf[AT + WalFrame.OFFSET_IMAGE + 100] ^= 0x10;
        assertFalse(WalFrame.verifiesAlone(buf, AT, crc), "a flipped bit in the image");
    }

    @Test
    void framesFollowTheHeaderRegionBackToBack() {
        assertEquals(WalHeader.REGION_SIZE, WalFrame.offset(0));
        assertEquals(WalHeader.REGION_SIZE + 3L * WalFrame.SIZE, WalFrame.offset(3));
        assertEquals(WalHeader.REGION_SIZE + (long) Integer.MAX_VALUE * WalFrame.SIZE, WalFrame.offset(Integer.MAX_VALUE),
                "no int overflow for large frame indexes");
    }

    @Test
    void slotsCountOnlyCompleteFramesAfterTheHeaderRegion() {
        assertEquals(0, WalFrame.slotsIn(0));
        assertEquals(0, WalFrame.slotsIn(WalFrame.offset(0) + WalFrame.SIZE - 1));
        assertEquals(1, WalFrame.slotsIn(WalFrame.offset(1)));
        assertEquals(3, WalFrame.slotsIn(WalFrame.offset(3) + WalFrame.SIZE - 1));
    }

    @Test
    void chainSeedFoldsTheSalt() {
        assertEquals((int) (SALT ^ (SALT >>> 32)), WalFrame.chainSeed(SALT));
        assertNotEquals(WalFrame.chainSeed(SALT), WalFrame.chainSeed(SALT + 1));
    }

    @Test
    void theChecksumDependsOnThePreviousFrame() {
        byte[] a = frameWithImage(2);
        byte[] b = a.clone();
        byte[] c = a.clone();
        int first = WalFrame.seal(a, AT, 5, 0, SALT, 9, 0, 0, 1, new CRC32());
        int second = WalFrame.seal(b, AT, 5, 0, SALT, 9, 0, 0, 2, new CRC32());
        int third = WalFrame.seal(c, AT, 5, 0, SALT, 9, 1, 0, 1, new CRC32());
        assertNotEquals(first, second, "identical frames after different predecessors");
        assertNotEquals(first, third, "identical frames of different epochs");
    }

    /**
     * The regression the crash explorer found in format 1 (CRC32C frames over CRC32C-trailed
     * pages): a frame whose page sectors are replaced by another valid image of the same page
     * must fail, though that image carries a correct page checksum of its own.
     */
    @Test
    void anotherValidImageOfTheSamePageBreaksTheFrame() {
        int pageId = 3;
        byte[] oldPage = Arrays.copyOfRange(frameWithImage(1), AT + WalFrame.OFFSET_IMAGE,
                AT + WalFrame.OFFSET_IMAGE + Page.SIZE);
        PageChecksum pages = new PageChecksum();
        pages.seal(pageId, oldPage);
        byte[] buf = frameWithImage(2);
        byte[] newPage = Arrays.copyOfRange(buf, AT + WalFrame.OFFSET_IMAGE, AT + WalFrame.OFFSET_IMAGE + Page.SIZE);
        pages.seal(pageId, newPage);
        System.arraycopy(newPage, 0, buf, AT + WalFrame.OFFSET_IMAGE, Page.SIZE);
        CRC32 crc = new CRC32();
        int previous = 0x0BADF00D;
        WalFrame.seal(buf, AT, pageId, 9, SALT, 17, 2, 0, previous, crc);
        System.arraycopy(oldPage, 0, buf, AT + WalFrame.OFFSET_IMAGE, Page.SIZE);
        assertNotEquals(WalFrame.storedChecksum(buf, AT), WalFrame.checksum(buf, AT, previous, crc));
    }

    @Property(tries = 60)
    void anyFlippedBitOfTheHeaderFieldsOrImageBreaksTheFrame(
            @ForAll @IntRange(min = 0, max = 64 + Page.SIZE - 1) int field, @ForAll @IntRange(min = 0, max = 7) int bit) {
        int offset = field < 64 ? field : WalFrame.OFFSET_IMAGE + field - 64; // the padding is not checksummed
        byte[] buf = frameWithImage(field);
        CRC32 crc = new CRC32();
        int previous = 0x12345678;
        WalFrame.seal(buf, AT, 3, 9, SALT, 17, 2, 0x5EED_D16E_57L, previous, crc);
        buf[AT + offset] ^= (byte) (1 << bit);
        boolean broken = !WalFrame.verifiesAlone(buf, AT, crc)
                || WalFrame.storedChecksum(buf, AT) != WalFrame.checksum(buf, AT, previous, crc);
        assertTrue(broken, "bit " + bit + " of byte " + offset + " flipped");
    }
}
