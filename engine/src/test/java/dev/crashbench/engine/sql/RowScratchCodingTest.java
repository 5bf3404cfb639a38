package dev.crashbench.engine.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.PageBytes;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free row coding the SQL executor uses: rows encoded into a kept array and decoded
 * into a kept array, with columns skipped, are exactly the rows of the allocating methods.
 */
class RowScratchCodingTest {
    private static final String[] TEXTS = {"", "value-a", "hé", "€uro", "\uD83D\uDE00 emoji", "lone \uD800 high",
        "lone \uDC00 low", "ends high \uD800", "\uDBFF\uDFFF", "\u07FF\u0800\uFFFF"};

    @Test
    void utf8InPlaceIsWhatGetBytesWrites() {
        for (String s : TEXTS) {
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, Utf8.length(s), s);
            byte[] out = new byte[expected.length + 2];
            assertEquals(expected.length, Utf8.encode(s, out, 1), s);
            byte[] written = java.util.Arrays.copyOfRange(out, 1, 1 + expected.length);
            assertArrayEquals(expected, written, s);
        }
    }

    @Test
    void aRowEncodedIntoAKeptArrayIsTheAllocatedRow() {
        CRC32C crc = new CRC32C();
        for (String s : TEXTS) {
            Object[] values = {null, 5L, -0.5, s, new byte[] {1, 2}};
            byte[] expected = RowCodec.encode(values);
            byte[] row = new byte[RowCodec.encodedSize(values)];
            RowCodec.encode(values, row, crc);
            assertArrayEquals(expected, row, s);
        }
    }

    @Test
    void anArrayOfTheWrongSizeIsRefused() {
        Object[] values = {7L, "x"};
        byte[] tooLong = new byte[RowCodec.encodedSize(values) + 1];
        assertThrows(IllegalArgumentException.class, () -> RowCodec.encode(values, tooLong, new CRC32C()));
    }

    @Test
    void skippedColumnsAreLeftNullAndTheOthersDecoded() throws CorruptDatabaseException {
        byte[] row = RowCodec.encode(new Object[] {9L, "skipped", "kept", 2.5});
        Object[] into = {"stale", "stale", "stale", "stale"};
        RowCodec.decode(row, row.length, into, new boolean[] {false, true, false, true}, new CRC32C(), "t", 3);
        assertEquals(9L, into[0]);
        assertNull(into[1], "a skipped column is no object, and nothing stale is left");
        assertEquals("kept", into[2]);
        assertNull(into[3]);
    }

    @Test
    void damageInASkippedColumnIsStillFoundAndNamesTheRow() {
        byte[] row = RowCodec.encode(new Object[] {"abc", 1L});
        int lengthAt = RowCodec.OFFSET_TAGS + 2;
        PageBytes.putInt(row, lengthAt, 1000); // a text length past the row, under a valid checksum
        CRC32C crc = new CRC32C();
        crc.update(row, 0, row.length - RowCodec.CHECKSUM_SIZE);
        PageBytes.putInt(row, row.length - RowCodec.CHECKSUM_SIZE, (int) crc.getValue());
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class,
                () -> RowCodec.decode(row, row.length, new Object[2], new boolean[] {true, false}, new CRC32C(), "kv", 42));
        assertTrue(e.getMessage().contains("table kv row 42"), e.getMessage());
        assertTrue(e.getMessage().contains("length 1000"), e.getMessage());
    }
}
