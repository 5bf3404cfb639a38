package dev.crashbench.engine.catalog;

import dev.crashbench.engine.pager.PageBytes;
import java.nio.charset.StandardCharsets;

/**
 * One table in the catalog: its name and the root page of its B+tree. The catalog B+tree maps a
 * table id (its key) to this record (its value).
 *
 * <table>
 *   <caption>Catalog entry value (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>entry format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>1</td><td>4</td><td>root page of the table's B+tree</td></tr>
 *   <tr><td>5</td><td>2</td><td>name length in bytes, n</td></tr>
 *   <tr><td>7</td><td>n</td><td>name, UTF-8</td></tr>
 * </table>
 */
public record CatalogEntry(long tableId, String name, int rootPage) {
    public static final int FORMAT_VERSION = 1;
    public static final int OFFSET_VERSION = 0;
    public static final int OFFSET_ROOT = 1;
    public static final int OFFSET_NAME_LENGTH = 5;
    public static final int OFFSET_NAME = 7;
    public static final int MAX_NAME_BYTES = 255;

    public CatalogEntry {
        checkName(name);
    }

    /** Throws {@link IllegalArgumentException} unless {@code name} is a usable table name. */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a table name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("table name longer than " + MAX_NAME_BYTES + " UTF-8 bytes: " + name);
        }
    }

    public byte[] encode() {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[OFFSET_NAME + nameBytes.length];
        value[OFFSET_VERSION] = FORMAT_VERSION;
        PageBytes.putInt(value, OFFSET_ROOT, rootPage);
        PageBytes.putU16(value, OFFSET_NAME_LENGTH, nameBytes.length);
        System.arraycopy(nameBytes, 0, value, OFFSET_NAME, nameBytes.length);
        return value;
    }

    /** Decodes a catalog value; returns null when it is malformed (the caller reports where). */
    public static CatalogEntry decode(long tableId, byte[] value) {
        if (value.length < OFFSET_NAME || value[OFFSET_VERSION] != FORMAT_VERSION) {
            return null;
        }
        int length = PageBytes.getU16(value, OFFSET_NAME_LENGTH);
        if (length == 0 || length > MAX_NAME_BYTES || OFFSET_NAME + length != value.length) {
            return null;
        }
        String name = new String(value, OFFSET_NAME, length, StandardCharsets.UTF_8);
        return new CatalogEntry(tableId, name, PageBytes.getInt(value, OFFSET_ROOT));
    }
}
