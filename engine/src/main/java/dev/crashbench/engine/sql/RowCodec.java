package dev.crashbench.engine.sql;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.PageBytes;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The typed row format: one table row as the value of its B+tree entry (the INTEGER PRIMARY KEY,
 * when the table has one, is the entry's key and is stored as NULL in its column slot).
 *
 * <table>
 *   <caption>Row (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>row format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>1</td><td>2</td><td>column count n, u16</td></tr>
 *   <tr><td>3</td><td>n</td><td>one type tag per column: {@link #TAG_NULL}, {@link #TAG_INTEGER},
 *       {@link #TAG_REAL}, {@link #TAG_TEXT}, {@link #TAG_BLOB}</td></tr>
 *   <tr><td>3+n</td><td>...</td><td>the non-NULL values in column order: INTEGER as int64, REAL as its
 *       IEEE-754 bits (int64), TEXT (UTF-8) and BLOB as a u32 length then the bytes</td></tr>
 *   <tr><td>end-4</td><td>4</td><td>CRC32C of every byte before it</td></tr>
 * </table>
 *
 * <p>Pages already carry a checksum; the row's own one catches a row assembled wrongly above the
 * page layer (a value cut short by an overflow-chain bug, a row of another table) before its
 * bytes are read as typed values. A row's length is known from its cell, so nothing records it.
 */
public final class RowCodec {
    public static final int FORMAT_VERSION = 1;
    public static final int OFFSET_VERSION = 0;
    public static final int OFFSET_COLUMN_COUNT = 1;
    public static final int OFFSET_TAGS = 3;
    public static final int CHECKSUM_SIZE = 4;

    public static final byte TAG_NULL = 0;
    public static final byte TAG_INTEGER = 1;
    public static final byte TAG_REAL = 2;
    public static final byte TAG_TEXT = 3;
    public static final byte TAG_BLOB = 4;

    private RowCodec() {
    }

    /** The row for {@code values}, in a new array of its exact size. */
    public static byte[] encode(Object[] values) {
        byte[] row = new byte[encodedSize(values)];
        encode(values, row, new CRC32C());
        return row;
    }

    /**
     * The size of the row for {@code values}: what {@link #encode(Object[], byte[], CRC32C)} needs.
     * Counts UTF-8 bytes without encoding, so it allocates nothing.
     */
    public static int encodedSize(Object[] values) {
        int size = OFFSET_TAGS + values.length + CHECKSUM_SIZE;
        for (Object v : values) {
            if (v instanceof Long || v instanceof Double) {
                size += 8;
            } else if (v instanceof String) {
                size += 4 + Utf8.length((String) v);
            } else if (v instanceof byte[]) {
                size += 4 + ((byte[]) v).length;
            } else if (v != null) {
                throw new IllegalArgumentException("not an SQL value: " + v.getClass().getName());
            }
        }
        return size;
    }

    /**
     * Writes the row for {@code values} into {@code row}, whose length must be
     * {@link #encodedSize} of them, checksummed with {@code crc} (reset first). Allocates nothing,
     * so a caller that keeps a row-sized array can store rows without garbage.
     */
    public static void encode(Object[] values, byte[] row, CRC32C crc) {
        int n = values.length;
        row[OFFSET_VERSION] = (byte) FORMAT_VERSION;
        PageBytes.putU16(row, OFFSET_COLUMN_COUNT, n);
        int at = OFFSET_TAGS;
        for (Object v : values) {
            row[at++] = tag(v);
        }
        for (Object v : values) {
            if (v instanceof Long) {
                PageBytes.putLong(row, at, (Long) v);
                at += 8;
            } else if (v instanceof Double) {
                PageBytes.putLong(row, at, Double.doubleToRawLongBits((Double) v));
                at += 8;
            } else if (v instanceof String) {
                int length = Utf8.encode((String) v, row, at + 4);
                PageBytes.putInt(row, at, length);
                at += 4 + length;
            } else if (v instanceof byte[]) {
                byte[] blob = (byte[]) v;
                PageBytes.putInt(row, at, blob.length);
                System.arraycopy(blob, 0, row, at + 4, blob.length);
                at += 4 + blob.length;
            }
        }
        if (at != row.length - CHECKSUM_SIZE) {
            throw new IllegalArgumentException("a row of " + (at + CHECKSUM_SIZE) + " bytes in an array of " + row.length);
        }
        crc.reset();
        crc.update(row, 0, at);
        PageBytes.putInt(row, at, (int) crc.getValue());
    }

    static byte tag(Object v) {
        if (v == null) {
            return TAG_NULL;
        }
        if (v instanceof Long) {
            return TAG_INTEGER;
        }
        if (v instanceof Double) {
            return TAG_REAL;
        }
        return v instanceof String ? TAG_TEXT : TAG_BLOB;
    }

    /**
     * Decodes a row of {@code columns} values; {@link CorruptDatabaseException} (naming {@code where})
     * when the checksum, version, count or any length is wrong.
     */
    public static Object[] decode(byte[] row, int columns, String where) throws CorruptDatabaseException {
        Object[] values = new Object[columns];
        decode(row, row.length, values, null, new CRC32C(), where, null, 0);
        return values;
    }

    /**
     * Decodes the row in the first {@code length} bytes of {@code row}, of {@code into.length}
     * values, into {@code into}, checked with {@code crc}
     * (reset first), leaving null each column {@code skip} marks (null: decode all): a caller that
     * reads only some columns makes no string or box for the rest. Every column is still checked
     * (its tag and length), so a skipped column cannot hide damage. A corruption error names row
     * {@code rowId} of table {@code table}: the message is built only then.
     */
    public static void decode(byte[] row, int length, Object[] into, boolean[] skip, CRC32C crc, String table,
                              long rowId) throws CorruptDatabaseException {
        decode(row, length, into, skip, crc, null, table, rowId);
    }

    /** The decoding; a corruption error names {@code where}, or when it is null, row {@code rowId} of {@code table}. */
    private static void decode(byte[] row, int length, Object[] into, boolean[] skip, CRC32C crc, String where,
                               String table, long rowId) throws CorruptDatabaseException {
        int columns = into.length;
        if (length < OFFSET_TAGS + CHECKSUM_SIZE) {
            throw corrupt(where, table, rowId, "row of " + length + " bytes is too short");
        }
        crc.reset();
        crc.update(row, 0, length - CHECKSUM_SIZE);
        if (PageBytes.getInt(row, length - CHECKSUM_SIZE) != (int) crc.getValue()) {
            throw corrupt(where, table, rowId, "row checksum mismatch");
        }
        if (row[OFFSET_VERSION] != FORMAT_VERSION) {
            throw corrupt(where, table, rowId, "row format version " + row[OFFSET_VERSION]);
        }
        int n = PageBytes.getU16(row, OFFSET_COLUMN_COUNT);
        if (n != columns) {
            throw corrupt(where, table, rowId, "row has " + n + " columns, the table " + columns);
        }
        int limit = length - CHECKSUM_SIZE;
        if (OFFSET_TAGS + n > limit) {
            throw corrupt(where, table, rowId, "row tags run past the row");
        }
        int at = OFFSET_TAGS + n;
        for (int i = 0; i < n; i++) {
            byte tag = row[OFFSET_TAGS + i];
            boolean wanted = skip == null || !skip[i];
            Object value = null;
            switch (tag) {
                case TAG_NULL:
                    break;
                case TAG_INTEGER:
                case TAG_REAL:
                    if (at + 8 > limit) {
                        throw corrupt(where, table, rowId, "column " + i + " runs past the row");
                    }
                    if (wanted) {
                        long bits = PageBytes.getLong(row, at);
                        value = tag == TAG_INTEGER ? (Object) bits : SqlValues.real(Double.longBitsToDouble(bits));
                    }
                    at += 8;
                    break;
                case TAG_TEXT:
                case TAG_BLOB:
                    if (at + 4 > limit) {
                        throw corrupt(where, table, rowId, "column " + i + " runs past the row");
                    }
                    int size = PageBytes.getInt(row, at);
                    at += 4;
                    if (size < 0 || size > limit - at) {
                        throw corrupt(where, table, rowId, "column " + i + " has length " + size);
                    }
                    if (wanted) {
                        value = tag == TAG_TEXT ? new String(row, at, size, StandardCharsets.UTF_8)
                                : java.util.Arrays.copyOfRange(row, at, at + size);
                    }
                    at += size;
                    break;
                default:
                    throw corrupt(where, table, rowId, "column " + i + " has type tag " + tag);
            }
            into[i] = value;
        }
        if (at != limit) {
            throw corrupt(where, table, rowId, "row has " + (limit - at) + " bytes after its last value");
        }
    }

    private static CorruptDatabaseException corrupt(String where, String table, long rowId, String detail) {
        return corrupt(where != null ? where : "table " + table + " row " + rowId, detail);
    }

    private static CorruptDatabaseException corrupt(String where, String detail) {
        return new CorruptDatabaseException(where, CorruptDatabaseException.NO_PAGE, detail);
    }
}
