package dev.crashbench.engine.sql;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.FormatTable;
import dev.crashbench.engine.sql.schema.ColumnDef;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.SchemaCodec;
import dev.crashbench.engine.sql.schema.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The row and schema formats pinned to the offset tables in their class comments. */
class SqlFormatsTest {

    @Test
    void rowFormatIsWhereTheTableSays() throws Exception {
        // The table's later rows have symbolic offsets (3+n, end-4); its numeric rows are the header.
        assertEquals(List.of(new FormatTable.Row(RowCodec.OFFSET_VERSION, 1), new FormatTable.Row(RowCodec.OFFSET_COLUMN_COUNT, 2)),
                FormatTable.documented(RowCodec.class, "Row (little-endian)"));
        assertEquals(RowCodec.OFFSET_COLUMN_COUNT + 2, RowCodec.OFFSET_TAGS);
        byte[] row = RowCodec.encode(new Object[] {null, 5L, 1.5, "hé", new byte[] {9}});
        assertEquals(RowCodec.FORMAT_VERSION, row[RowCodec.OFFSET_VERSION]);
        assertEquals(5, row[RowCodec.OFFSET_COLUMN_COUNT]);
        assertArrayEquals(new byte[] {RowCodec.TAG_NULL, RowCodec.TAG_INTEGER, RowCodec.TAG_REAL, RowCodec.TAG_TEXT, RowCodec.TAG_BLOB},
                Arrays.copyOfRange(row, RowCodec.OFFSET_TAGS, RowCodec.OFFSET_TAGS + 5));
        int at = RowCodec.OFFSET_TAGS + 5;
        assertEquals(5L, FormatTable.le64(row, at));
        assertEquals(Double.doubleToRawLongBits(1.5), FormatTable.le64(row, at + 8));
        assertEquals(3, FormatTable.le32(row, at + 16));
        assertEquals("hé", new String(row, at + 20, 3, StandardCharsets.UTF_8));
        assertEquals(1, FormatTable.le32(row, at + 23));
        assertEquals(9, row[at + 27]);
        assertEquals(row.length, at + 28 + RowCodec.CHECKSUM_SIZE);
        Object[] back = RowCodec.decode(row, 5, "t");
        assertEquals(Arrays.asList(null, 5L, 1.5, "hé"), Arrays.asList(back).subList(0, 4));
        assertArrayEquals(new byte[] {9}, (byte[]) back[4]);
    }

    @Test
    void damagedRowsAreRefused() {
        byte[] row = RowCodec.encode(new Object[] {7L, "x"});
        byte[] flipped = row.clone();
        flipped[RowCodec.OFFSET_TAGS + 3] ^= 1;
        assertThrows(CorruptDatabaseException.class, () -> RowCodec.decode(flipped, 2, "t"));
        assertThrows(CorruptDatabaseException.class, () -> RowCodec.decode(row, 3, "t"));
        assertThrows(CorruptDatabaseException.class, () -> RowCodec.decode(new byte[3], 0, "t"));
    }

    @Test
    void schemaRecordsRoundTripAndTheCookieIsPinned() throws Exception {
        assertEquals(List.of(new FormatTable.Row(SchemaCodec.OFFSET_VERSION, 1), new FormatTable.Row(SchemaCodec.OFFSET_COOKIE, 8),
                new FormatTable.Row(SchemaCodec.OFFSET_COOKIE_CHECKSUM, 4)), FormatTable.documented(SchemaCodec.class, "Schema cookie, key 0 (little-endian)"));
        byte[] cookie = SchemaCodec.encodeCookie(42);
        assertEquals(SchemaCodec.COOKIE_SIZE, cookie.length);
        assertEquals(42, FormatTable.le64(cookie, SchemaCodec.OFFSET_COOKIE));
        assertEquals(42, SchemaCodec.decodeCookie(cookie));
        cookie[SchemaCodec.OFFSET_COOKIE] ^= 1;
        assertThrows(CorruptDatabaseException.class, () -> SchemaCodec.decodeCookie(cookie));

        TableDef table = new TableDef(3, "users", List.of(
                new ColumnDef("id", "INTEGER", Affinity.INTEGER, false, true, false, null),
                new ColumnDef("name", "VARCHAR(20)", Affinity.TEXT, true, false, true, "x"),
                new ColumnDef("blob", "", Affinity.BLOB, false, false, true, null)), 0, "CREATE TABLE users (...)");
        byte[] encoded = SchemaCodec.encodeTable(table);
        assertEquals(SchemaCodec.KIND_TABLE, encoded[SchemaCodec.OFFSET_KIND]);
        assertEquals(table, SchemaCodec.decode(3, encoded));
        IndexDef index = new IndexDef(4, "users_name", "users", new int[] {1, 2}, true, "CREATE UNIQUE INDEX ...");
        IndexDef decoded = (IndexDef) SchemaCodec.decode(4, SchemaCodec.encodeIndex(index));
        assertEquals(index.name(), decoded.name());
        assertArrayEquals(index.columns(), decoded.columns());
        assertEquals(index.unique(), decoded.unique());
        encoded[encoded.length - 6] ^= 1;
        assertThrows(CorruptDatabaseException.class, () -> SchemaCodec.decode(3, encoded));
    }

    @Test
    void realsPrintAsSqliteDoes() {
        assertEquals("1.0", SqlValues.realToText(1.0));
        assertEquals("1.5", SqlValues.realToText(1.5));
        assertEquals("-0.25", SqlValues.realToText(-0.25));
        assertEquals("1.0e+20", SqlValues.realToText(1e20));
        assertEquals("1.0e-05", SqlValues.realToText(1e-5));
        assertEquals("0.1", SqlValues.realToText(0.1));
        assertEquals("123456789012345.0", SqlValues.realToText(123456789012345.0));
        assertEquals("1.23456789012346e+15", SqlValues.realToText(1234567890123456.0));
    }
}
