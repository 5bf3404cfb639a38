package dev.crashbench.engine.catalog;

import dev.crashbench.engine.FormatTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CatalogEntryTest {

    @Test
    void format2IsWhereTheTableSays() {
        assertEquals(List.of(new FormatTable.Row(CatalogEntry.OFFSET_VERSION, 1), new FormatTable.Row(CatalogEntry.OFFSET_ROOT, 4),
                        new FormatTable.Row(CatalogEntry.OFFSET_NAME_LENGTH, 2)),
                FormatTable.documented(CatalogEntry.class, "Catalog entry value, format 2 (little-endian)"));
        byte[] value = new CatalogEntry(3, "idx", 77, CatalogEntry.Kind.KEY_SET).encode();
        assertEquals(CatalogEntry.FORMAT_VERSION, value[CatalogEntry.OFFSET_VERSION]);
        assertEquals(77, FormatTable.le32(value, CatalogEntry.OFFSET_ROOT));
        assertEquals(3, value[CatalogEntry.OFFSET_NAME_LENGTH]);
        assertEquals("idx", new String(value, CatalogEntry.OFFSET_NAME, 3, StandardCharsets.UTF_8));
        assertEquals(CatalogEntry.KIND_KEY_SET, value[CatalogEntry.OFFSET_NAME + 3]);
        assertEquals(value.length, CatalogEntry.OFFSET_NAME + 3 + 1);
        assertEquals(new CatalogEntry(3, "idx", 77, CatalogEntry.Kind.KEY_SET), CatalogEntry.decode(3, value));
    }

    @Test
    void format1ReadsAsATable() {
        byte[] v1 = new byte[CatalogEntry.OFFSET_NAME + 1];
        v1[CatalogEntry.OFFSET_VERSION] = 1;
        FormatTable.putLe32(v1, CatalogEntry.OFFSET_ROOT, 5);
        v1[CatalogEntry.OFFSET_NAME_LENGTH] = 1;
        v1[CatalogEntry.OFFSET_NAME] = 't';
        assertEquals(new CatalogEntry(1, "t", 5, CatalogEntry.Kind.TABLE), CatalogEntry.decode(1, v1));
    }

    @Test
    void malformedEntriesDecodeToNull() {
        byte[] good = new CatalogEntry(1, "t", 5, CatalogEntry.Kind.TABLE).encode();
        byte[] badKind = good.clone();
        badKind[good.length - 1] = 9;
        assertNull(CatalogEntry.decode(1, badKind));
        byte[] badVersion = good.clone();
        badVersion[0] = 3;
        assertNull(CatalogEntry.decode(1, badVersion));
        assertNull(CatalogEntry.decode(1, java.util.Arrays.copyOf(good, good.length - 1)));
    }
}
