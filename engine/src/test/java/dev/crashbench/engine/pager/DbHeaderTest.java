package dev.crashbench.engine.pager;

import static dev.crashbench.engine.FormatTable.le32;
import static dev.crashbench.engine.FormatTable.le64;
import static dev.crashbench.engine.FormatTable.putLe32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.FormatTable;
import dev.crashbench.engine.FormatTable.Row;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Page 0: offsets pinned, the documented table, and decode's refusal of impossible fields. */
class DbHeaderTest {
    private static final DbHeader SAMPLE = new DbHeader(100, 17, 5, 3, 0x0102030405060708L, 0x1122334455667788L);

    private static byte[] encoded(DbHeader header) {
        byte[] page = new byte[Page.SIZE];
        Arrays.fill(page, (byte) 0x5A); // encode must clear what it does not set
        header.encode(page);
        return page;
    }

    @Test
    void fieldsSitAtTheirOffsetsLittleEndian() {
        byte[] page = encoded(SAMPLE);
        assertEquals("CBENCHDB", new String(page, DbHeader.OFFSET_MAGIC, 8, StandardCharsets.US_ASCII));
        assertEquals(Page.TYPE_HEADER, page[0], "the magic's first byte doubles as the page type");
        assertEquals(DbHeader.FORMAT_VERSION, le32(page, DbHeader.OFFSET_VERSION));
        assertEquals(4096, le32(page, DbHeader.OFFSET_PAGE_SIZE));
        assertEquals(100, le32(page, DbHeader.OFFSET_PAGE_COUNT));
        assertEquals(17, le32(page, DbHeader.OFFSET_FREE_LIST_HEAD));
        assertEquals(5, le32(page, DbHeader.OFFSET_FREE_PAGE_COUNT));
        assertEquals(3, le32(page, DbHeader.OFFSET_CATALOG_ROOT));
        assertEquals(0x0102030405060708L, le64(page, DbHeader.OFFSET_CHECKPOINT_SEQUENCE));
        assertEquals(0x1122334455667788L, le64(page, DbHeader.OFFSET_HOME_DIGEST));
        for (int i = 48; i < Page.USABLE_SIZE; i++) {
            assertEquals(0, page[i], "byte " + i + " is zero");
        }
        assertEquals(0x5A, page[Page.OFFSET_CHECKSUM], "the trailer is the pager's to seal, not encode's");
    }

    @Test
    void documentedTableMatchesTheConstants() {
        List<Row> expected = List.of(
                new Row(DbHeader.OFFSET_MAGIC, DbHeader.MAGIC.length),
                new Row(DbHeader.OFFSET_VERSION, 4),
                new Row(DbHeader.OFFSET_PAGE_SIZE, 4),
                new Row(DbHeader.OFFSET_PAGE_COUNT, 4),
                new Row(DbHeader.OFFSET_FREE_LIST_HEAD, 4),
                new Row(DbHeader.OFFSET_FREE_PAGE_COUNT, 4),
                new Row(DbHeader.OFFSET_CATALOG_ROOT, 4),
                new Row(DbHeader.OFFSET_CHECKPOINT_SEQUENCE, 8),
                new Row(DbHeader.OFFSET_HOME_DIGEST, 8),
                new Row(48, Page.USABLE_SIZE - 48),
                new Row(Page.OFFSET_CHECKSUM, Page.TRAILER_SIZE));
        assertEquals(expected, FormatTable.documented(DbHeader.class, "Database header, page 0 (little-endian)"));
    }

    @Test
    void freePageAndCommonPageTablesMatchTheirConstants() {
        assertEquals(List.of(new Row(0, 1), new Row(1, 3), new Row(FreePage.OFFSET_NEXT, 4),
                        new Row(8, Page.USABLE_SIZE - 8), new Row(Page.OFFSET_CHECKSUM, Page.TRAILER_SIZE)),
                FormatTable.documented(FreePage.class, "Free page (little-endian)"));
        assertEquals(List.of(new Row(0, 1), new Row(1, Page.USABLE_SIZE - 1), new Row(Page.OFFSET_CHECKSUM, Page.TRAILER_SIZE)),
                FormatTable.documented(Page.class, "Common page layout"));
        byte[] image = new byte[Page.SIZE];
        Arrays.fill(image, (byte) 7);
        FreePage.format(image, 0x01020304);
        assertEquals(Page.TYPE_FREE, image[0]);
        assertEquals(0x01020304, le32(image, FreePage.OFFSET_NEXT));
        assertTrue(FreePage.isFree(image));
        assertEquals(0x01020304, FreePage.next(image));
        assertEquals(0, image[1]);
        assertEquals(0, image[Page.USABLE_SIZE - 1]);
        assertEquals(7, image[Page.OFFSET_CHECKSUM], "format leaves the trailer alone");
    }

    @Test
    void decodeReturnsWhatWasEncoded() throws Exception {
        assertEquals(SAMPLE, DbHeader.decode(encoded(SAMPLE), "db"));
        assertEquals(DbHeader.empty(), DbHeader.decode(encoded(DbHeader.empty()), "db"));
        DbHeader full = new DbHeader(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 1,
                Integer.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE);
        assertEquals(full, DbHeader.decode(encoded(full), "db"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // what,                         count, head, free, root, sequence
            "no pages,                        0,    0,    0,    0,    0",
            "negative page count,             -3,   0,    0,    0,    0",
            "every page free,                 10,   1,    10,   0,    0",
            "negative free count,             10,   0,    -1,   0,    0",
            "head but no free pages,          10,   4,    0,    0,    0",
            "free pages but no head,          10,   0,    2,    0,    0",
            "head past the end,               10,   10,   1,    0,    0",
            "negative head,                   10,   -1,   1,    0,    0",
            "catalog root past the end,       10,   0,    0,    10,   0",
            "negative catalog root,           10,   0,    0,    -2,   0",
            "negative checkpoint sequence,    10,   0,    0,    0,    -1",
    })
    void decodeRejectsImpossibleFieldsNamingPageZero(String what, int count, int head, int free, int root, long sequence) {
        byte[] page = encoded(new DbHeader(count, head, free, root, sequence, 0));
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> DbHeader.decode(page, "dir/db"), what);
        assertEquals(0, e.page());
        assertEquals("dir/db", e.file());
        assertTrue(e.getMessage().contains("dir/db page 0"), e.getMessage());
    }

    @Test
    void decodeRejectsAnotherMagicVersionOrPageSize() {
        byte[] magic = encoded(SAMPLE);
        magic[3] = 'X';
        byte[] version = encoded(SAMPLE);
        putLe32(version, DbHeader.OFFSET_VERSION, 9);
        byte[] pageSize = encoded(SAMPLE);
        putLe32(pageSize, DbHeader.OFFSET_PAGE_SIZE, 512);
        for (byte[] page : List.of(magic, version, pageSize)) {
            CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> DbHeader.decode(page, "db"));
            assertEquals(0, e.page());
        }
        assertTrue(assertThrows(CorruptDatabaseException.class, () -> DbHeader.decode(version, "db")).getMessage().contains("9"));
        assertTrue(assertThrows(CorruptDatabaseException.class, () -> DbHeader.decode(pageSize, "db")).getMessage().contains("512"));
    }
}
