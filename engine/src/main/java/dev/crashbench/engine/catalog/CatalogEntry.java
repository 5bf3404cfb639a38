package dev.crashbench.engine.catalog;

import dev.crashbench.engine.pager.PageBytes;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One tree in the catalog: its name, its kind and its root page. The catalog B+tree maps a tree id
 * (its key) to this record (its value).
 *
 * <p>Two kinds of tree exist: a {@link Kind#TABLE} (a {@link dev.crashbench.engine.btree.BTree}
 * of int64 keys and byte values) and a {@link Kind#KEY_SET} (a
 * {@link dev.crashbench.engine.btree.KeyTree} of byte-string keys, which stores secondary
 * indexes). Format version 1 had no kind byte and named only tables; it is still read, as a table.
 *
 * <table>
 *   <caption>Catalog entry value, format 2 (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>entry format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>1</td><td>4</td><td>root page of the tree</td></tr>
 *   <tr><td>5</td><td>2</td><td>name length in bytes, n</td></tr>
 *   <tr><td>7</td><td>n</td><td>name, UTF-8</td></tr>
 *   <tr><td>7+n</td><td>1</td><td>kind: {@link #KIND_TABLE} or {@link #KIND_KEY_SET} (absent in format 1: a table)</td></tr>
 * </table>
 */
public record CatalogEntry(long tableId, String name, int rootPage, Kind kind) {
    public static final int FORMAT_VERSION = 2;
    public static final int FORMAT_VERSION_1 = 1;
    public static final int OFFSET_VERSION = 0;
    public static final int OFFSET_ROOT = 1;
    public static final int OFFSET_NAME_LENGTH = 5;
    public static final int OFFSET_NAME = 7;
    public static final int MAX_NAME_BYTES = 255;
    public static final byte KIND_TABLE = 1;
    public static final byte KIND_KEY_SET = 2;

    /** What a catalog tree stores. */
    public enum Kind {
        /** int64 keys, byte-array values: a {@code BTree}. */
        TABLE(KIND_TABLE),
        /** An ordered set of byte strings: a {@code KeyTree}. */
        KEY_SET(KIND_KEY_SET);

        private final byte code;

        Kind(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }

        static Kind of(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    public CatalogEntry {
        checkName(name);
        Objects.requireNonNull(kind, "kind");
    }

    public CatalogEntry(long tableId, String name, int rootPage) {
        this(tableId, name, rootPage, Kind.TABLE);
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
        byte[] value = new byte[OFFSET_NAME + nameBytes.length + 1];
        value[OFFSET_VERSION] = FORMAT_VERSION;
        PageBytes.putInt(value, OFFSET_ROOT, rootPage);
        PageBytes.putU16(value, OFFSET_NAME_LENGTH, nameBytes.length);
        System.arraycopy(nameBytes, 0, value, OFFSET_NAME, nameBytes.length);
        value[OFFSET_NAME + nameBytes.length] = kind.code();
        return value;
    }

    /** Decodes a catalog value (format 1 or 2); returns null when it is malformed (the caller reports where). */
    public static CatalogEntry decode(long tableId, byte[] value) {
        if (value.length < OFFSET_NAME) {
            return null;
        }
        int version = value[OFFSET_VERSION];
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            return null;
        }
        int length = PageBytes.getU16(value, OFFSET_NAME_LENGTH);
        int kindBytes = version == FORMAT_VERSION ? 1 : 0;
        if (length == 0 || length > MAX_NAME_BYTES || OFFSET_NAME + length + kindBytes != value.length) {
            return null;
        }
        Kind kind = version == FORMAT_VERSION ? Kind.of(value[OFFSET_NAME + length]) : Kind.TABLE;
        if (kind == null) {
            return null;
        }
        String name = new String(value, OFFSET_NAME, length, StandardCharsets.UTF_8);
        return new CatalogEntry(tableId, name, PageBytes.getInt(value, OFFSET_ROOT), kind);
    }
}
