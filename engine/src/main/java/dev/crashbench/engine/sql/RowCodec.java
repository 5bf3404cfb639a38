package dev.crashbench.engine.sql;

import dev.crashbench.engine.CorruptDatabaseException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    public static byte[] encode(Object[] values) {
        int n = values.length;
        byte[][] texts = new byte[n][];
        int size = OFFSET_TAGS + n + CHECKSUM_SIZE;
        for (int i = 0; i < n; i++) {
            Object v = values[i];
            if (v instanceof Long || v instanceof Double) {
                size += 8;
            } else if (v instanceof String) {
                texts[i] = ((String) v).getBytes(StandardCharsets.UTF_8);
                size += 4 + texts[i].length;
            } else if (v instanceof byte[]) {
                size += 4 + ((byte[]) v).length;
            } else if (v != null) {
                throw new IllegalArgumentException("not an SQL value: " + v.getClass().getName());
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) FORMAT_VERSION);
        out.putShort((short) n);
        for (Object v : values) {
            out.put(tag(v));
        }
        for (int i = 0; i < n; i++) {
            Object v = values[i];
            if (v instanceof Long) {
                out.putLong((Long) v);
            } else if (v instanceof Double) {
                out.putLong(Double.doubleToRawLongBits((Double) v));
            } else if (v instanceof String) {
                out.putInt(texts[i].length).put(texts[i]);
            } else if (v instanceof byte[]) {
                out.putInt(((byte[]) v).length).put((byte[]) v);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, size - CHECKSUM_SIZE);
        out.putInt((int) crc.getValue());
        return out.array();
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
        if (row.length < OFFSET_TAGS + CHECKSUM_SIZE) {
            throw corrupt(where, "row of " + row.length + " bytes is too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(row, 0, row.length - CHECKSUM_SIZE);
        ByteBuffer in = ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(row.length - CHECKSUM_SIZE) != (int) crc.getValue()) {
            throw corrupt(where, "row checksum mismatch");
        }
        if (row[OFFSET_VERSION] != FORMAT_VERSION) {
            throw corrupt(where, "row format version " + row[OFFSET_VERSION]);
        }
        int n = in.getShort(OFFSET_COLUMN_COUNT) & 0xffff;
        if (n != columns) {
            throw corrupt(where, "row has " + n + " columns, the table " + columns);
        }
        int limit = row.length - CHECKSUM_SIZE;
        if (OFFSET_TAGS + n > limit) {
            throw corrupt(where, "row tags run past the row");
        }
        Object[] values = new Object[n];
        int at = OFFSET_TAGS + n;
        for (int i = 0; i < n; i++) {
            byte tag = row[OFFSET_TAGS + i];
            switch (tag) {
                case TAG_NULL:
                    break;
                case TAG_INTEGER:
                case TAG_REAL:
                    if (at + 8 > limit) {
                        throw corrupt(where, "column " + i + " runs past the row");
                    }
                    long bits = in.getLong(at);
                    at += 8;
                    values[i] = tag == TAG_INTEGER ? (Object) bits : SqlValues.real(Double.longBitsToDouble(bits));
                    break;
                case TAG_TEXT:
                case TAG_BLOB:
                    if (at + 4 > limit) {
                        throw corrupt(where, "column " + i + " runs past the row");
                    }
                    int length = in.getInt(at);
                    at += 4;
                    if (length < 0 || length > limit - at) {
                        throw corrupt(where, "column " + i + " has length " + length);
                    }
                    values[i] = tag == TAG_TEXT ? new String(row, at, length, StandardCharsets.UTF_8)
                            : java.util.Arrays.copyOfRange(row, at, at + length);
                    at += length;
                    break;
                default:
                    throw corrupt(where, "column " + i + " has type tag " + tag);
            }
        }
        if (at != limit) {
            throw corrupt(where, "row has " + (limit - at) + " bytes after its last value");
        }
        return values;
    }

    private static CorruptDatabaseException corrupt(String where, String detail) {
        return new CorruptDatabaseException(where, CorruptDatabaseException.NO_PAGE, detail);
    }
}
