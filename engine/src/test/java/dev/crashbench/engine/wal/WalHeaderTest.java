package dev.crashbench.engine.wal;

import static dev.crashbench.engine.FormatTable.le32;
import static dev.crashbench.engine.FormatTable.le64;
import static dev.crashbench.engine.FormatTable.putLe32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.FormatTable;
import dev.crashbench.engine.FormatTable.Row;
import dev.crashbench.engine.pager.Page;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The WAL header format: offsets pinned, documented table, what decode accepts and rejects. */
class WalHeaderTest {
    private static final long SALT = 0x1122334455667788L;
    private static final long SEQUENCE = 0x0102030405060708L;
    private static final long DIGEST = 0x7766554433221100L;

    private static byte[] encoded(WalHeader header) {
        ByteBuffer buffer = ByteBuffer.allocate(WalHeader.ENCODED_SIZE);
        header.encode(buffer);
        assertEquals(0, buffer.position());
        assertEquals(WalHeader.ENCODED_SIZE, buffer.remaining());
        byte[] bytes = new byte[WalHeader.ENCODED_SIZE];
        buffer.get(bytes);
        return bytes;
    }

    /** Re-seals bytes 0..39 so that a decode test reaches the check after the checksum. */
    private static void reseal(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, WalHeader.OFFSET_CHECKSUM);
        putLe32(bytes, WalHeader.OFFSET_CHECKSUM, (int) crc.getValue());
    }

    @Test
    void fieldsSitAtTheirOffsetsLittleEndian() {
        byte[] bytes = encoded(new WalHeader(SALT, SEQUENCE, DIGEST));
        assertEquals("CBENCHWL", new String(bytes, WalHeader.OFFSET_MAGIC, 8, StandardCharsets.US_ASCII));
        assertEquals(WalHeader.FORMAT_VERSION, le32(bytes, WalHeader.OFFSET_VERSION));
        assertEquals(4096, le32(bytes, WalHeader.OFFSET_PAGE_SIZE));
        assertEquals(SALT, le64(bytes, WalHeader.OFFSET_SALT));
        assertEquals(SEQUENCE, le64(bytes, WalHeader.OFFSET_CHECKPOINT_SEQUENCE));
        assertEquals(DIGEST, le64(bytes, WalHeader.OFFSET_PAGE_DIGEST));
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 40);
        assertEquals((int) crc.getValue(), le32(bytes, WalHeader.OFFSET_CHECKSUM));
        assertEquals(44, WalHeader.ENCODED_SIZE);
        assertEquals(WalHeader.ENCODED_SIZE, WalHeader.OFFSET_END_FRAMES, "the end field is outside what encode writes");
        assertEquals(Page.SIZE, WalHeader.REGION_SIZE);
    }

    @Test
    void documentedTableMatchesTheConstants() {
        List<Row> expected = List.of(
                new Row(WalHeader.OFFSET_MAGIC, WalHeader.MAGIC.length),
                new Row(WalHeader.OFFSET_VERSION, 4),
                new Row(WalHeader.OFFSET_PAGE_SIZE, 4),
                new Row(WalHeader.OFFSET_SALT, 8),
                new Row(WalHeader.OFFSET_CHECKPOINT_SEQUENCE, 8),
                new Row(WalHeader.OFFSET_PAGE_DIGEST, 8),
                new Row(WalHeader.OFFSET_CHECKSUM, 4),
                new Row(WalHeader.OFFSET_END_FRAMES, WalHeader.END_FRAMES_SIZE),
                new Row(WalHeader.OFFSET_END_FRAMES + WalHeader.END_FRAMES_SIZE,
                        WalHeader.REGION_SIZE - WalHeader.OFFSET_END_FRAMES - WalHeader.END_FRAMES_SIZE));
        List<Row> documented = FormatTable.documented(WalHeader.class, "WAL header (little-endian)");
        assertEquals(expected, documented);
        for (int i = 1; i < documented.size(); i++) {
            Row previous = documented.get(i - 1);
            assertEquals(previous.offset() + previous.size(), documented.get(i).offset(), "gap or overlap before row " + i);
        }
    }

    @Test
    void decodeReturnsWhatWasEncoded() throws Exception {
        for (long salt : new long[] {0, -1, SALT, Long.MIN_VALUE}) {
            WalHeader header = new WalHeader(salt, 42, ~salt);
            assertEquals(header, WalHeader.decode(encoded(header), "w"));
        }
    }

    @Test
    void badChecksumOrMagicIsNoHeaderAtAll() throws Exception {
        byte[] good = encoded(new WalHeader(SALT, SEQUENCE, DIGEST));
        for (int i = 0; i < WalHeader.ENCODED_SIZE; i++) {
            byte[] flipped = good.clone();
            flipped[i] ^= 0x10;
            assertNull(WalHeader.decode(flipped, "w"), "byte " + i + " flipped");
        }
        byte[] badMagic = good.clone();
        badMagic[WalHeader.OFFSET_MAGIC + 7] = 'X';
        reseal(badMagic);
        assertNull(WalHeader.decode(badMagic, "w"), "a sealed header with another magic");
        assertNull(WalHeader.decode(new byte[WalHeader.ENCODED_SIZE], "w"), "zeros (a preallocated, never written header)");
    }

    @Test
    void intactHeaderOfAnotherVersionOrPageSizeIsAHardError() {
        byte[] version = encoded(new WalHeader(SALT, SEQUENCE, DIGEST));
        putLe32(version, WalHeader.OFFSET_VERSION, 1);
        reseal(version);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> WalHeader.decode(version, "db-wal"));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
        assertEquals("db-wal", e.file());

        byte[] pageSize = encoded(new WalHeader(SALT, SEQUENCE, DIGEST));
        putLe32(pageSize, WalHeader.OFFSET_PAGE_SIZE, 8192);
        reseal(pageSize);
        e = assertThrows(CorruptDatabaseException.class, () -> WalHeader.decode(pageSize, "db-wal"));
        assertTrue(e.getMessage().contains("8192"), e.getMessage());
    }

    /**
     * Format 3 had full frames only, without a kind or a length; format 4 had no frame checksum of its
     * own nor synced count: a WAL of either is refused with its version named.
     */
    @Test
    void intactFormat3And4HeadersAreRefusedNamingTheirVersion() {
        for (int version : new int[] {3, 4}) {
            byte[] old = encoded(new WalHeader(SALT, SEQUENCE, DIGEST));
            putLe32(old, WalHeader.OFFSET_VERSION, version);
            reseal(old);
            CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> WalHeader.decode(old, "db-wal"));
            assertTrue(e.getMessage().contains("WAL format version " + version + ", this engine reads 5"), e.getMessage());
        }
    }

    /** Format 2 had no digest and its checksum at offset 32: its commits may not be home, so it is refused, not reset. */
    @Test
    void anIntactFormat2HeaderIsAHardErrorNotAMissingHeader() throws Exception {
        byte[] v2 = new byte[WalHeader.ENCODED_SIZE];
        System.arraycopy(WalHeader.MAGIC, 0, v2, WalHeader.OFFSET_MAGIC, WalHeader.MAGIC.length);
        putLe32(v2, WalHeader.OFFSET_VERSION, 2);
        putLe32(v2, WalHeader.OFFSET_PAGE_SIZE, Page.SIZE);
        putLe32(v2, WalHeader.OFFSET_SALT, 0x5A17);
        CRC32C crc = new CRC32C();
        crc.update(v2, 0, 32);
        putLe32(v2, 32, (int) crc.getValue());
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> WalHeader.decode(v2, "db-wal"));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        v2[20] ^= 1;
        assertNull(WalHeader.decode(v2, "db-wal"), "a torn format-2 header is no header, as in format 3");
    }

    @Test
    void encodeClearsABufferThatWasUsedBefore() {
        ByteBuffer buffer = ByteBuffer.allocate(WalHeader.ENCODED_SIZE);
        buffer.put(new byte[20]);
        new WalHeader(SALT, SEQUENCE, DIGEST).encode(buffer);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        assertArrayEquals(encoded(new WalHeader(SALT, SEQUENCE, DIGEST)), bytes);
    }

    @Test
    void nextSaltIsAPureFunctionThatMovesOn() {
        long a = WalHeader.nextSalt(SALT, 3);
        assertEquals(a, WalHeader.nextSalt(SALT, 3));
        assertNotEquals(SALT, a);
        assertNotEquals(a, WalHeader.nextSalt(SALT, 4));
        assertNotEquals(a, WalHeader.nextSalt(a, 4));
        long[] chain = new long[64];
        chain[0] = SALT;
        for (int i = 1; i < chain.length; i++) {
            chain[i] = WalHeader.nextSalt(chain[i - 1], i);
        }
        assertEquals(chain.length, Arrays.stream(chain).distinct().count(), "64 generations reuse no salt");
    }
}
