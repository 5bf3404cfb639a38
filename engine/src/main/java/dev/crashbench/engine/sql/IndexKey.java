package dev.crashbench.engine.sql;

import dev.crashbench.engine.KeySet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte string that stores one secondary-index entry in a {@link KeySet}: the indexed values,
 * each encoded so that unsigned byte order equals {@link SqlValues#compare} order, then the row id.
 * Keys of one value therefore sit together, ordered by row id, and a prefix of components selects
 * exactly the entries with those leading values (every component is self-delimiting).
 *
 * <table>
 *   <caption>Index key component</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>tag: {@link #TAG_NULL}; numbers {@link #TAG_NUMBER_LOW} (below -2^63),
 *       {@link #TAG_NUMBER} (in int64 range), {@link #TAG_NUMBER_HIGH} (2^63 and up); {@link #TAG_TEXT}; {@link #TAG_BLOB}</td></tr>
 *   <tr><td>1</td><td>16</td><td>{@link #TAG_NUMBER}: floor(x) as big-endian int64 with the sign bit flipped,
 *       then the fraction x - floor(x) (in [0, 1)) as its IEEE-754 bits, big-endian: exact for INTEGER and REAL
 *       alike, so 3 and 3.0 encode the same and 2^53+1 stays above 2^53</td></tr>
 *   <tr><td>1</td><td>8</td><td>{@link #TAG_NUMBER_LOW} / {@link #TAG_NUMBER_HIGH}: the REAL in order-preserving
 *       form (bits of a positive value with the sign flipped, of a negative value all flipped)</td></tr>
 *   <tr><td>1</td><td>m</td><td>TEXT (UTF-8) or BLOB bytes with 0x00 escaped as 0x00 0xFF, then 0x00 0x00, or
 *       0x00 0x01 when the value was cut to its first {@link #prefixBytes} bytes</td></tr>
 * </table>
 * The row id follows the last component: 8 bytes, big-endian, sign bit flipped.
 *
 * <p>A key set holds keys of at most {@link KeySet#MAX_KEY_BYTES}, so long TEXT and BLOB values are
 * cut. Entries whose values share the cut prefix then sort by row id instead of by value; the
 * order stays monotone (a smaller value never sorts after a larger one), so a scan of the prefix
 * range finds every candidate, and callers compare the full values from the row: lookups re-check
 * their condition, unique checks compare the rows they find.
 */
public final class IndexKey {
    public static final byte TAG_NULL = 0x01;
    public static final byte TAG_NUMBER_LOW = 0x02;
    public static final byte TAG_NUMBER = 0x03;
    public static final byte TAG_NUMBER_HIGH = 0x04;
    public static final byte TAG_TEXT = 0x05;
    public static final byte TAG_BLOB = 0x06;
    public static final int MAX_COLUMNS = 8;
    private static final double TWO_63 = 9223372036854775808.0;

    private IndexKey() {
    }

    /** Raw bytes of a TEXT or BLOB kept in a key of an index over {@code columns} columns. */
    public static int prefixBytes(int columns) {
        int perComponent = (KeySet.MAX_KEY_BYTES - 8) / columns;
        return (perComponent - 3) / 2;
    }

    /** The key of (values, rowId). */
    public static byte[] entry(Object[] values, long rowId) {
        ByteArrayOutputStream out = components(values, values.length);
        putFlipped(out, rowId);
        return out.toByteArray();
    }

    /** The encoded leading {@code count} components: the prefix every matching entry starts with. */
    public static byte[] prefix(Object[] values, int count, int indexColumns) {
        return components(values, count, indexColumns).toByteArray();
    }

    private static ByteArrayOutputStream components(Object[] values, int count) {
        return components(values, count, values.length);
    }

    private static ByteArrayOutputStream components(Object[] values, int count, int indexColumns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        int limit = prefixBytes(indexColumns);
        for (int i = 0; i < count; i++) {
            encode(out, values[i], limit);
        }
        return out;
    }

    static void encode(ByteArrayOutputStream out, Object v, int limit) {
        if (v == null) {
            out.write(TAG_NULL);
        } else if (v instanceof Long || v instanceof Double) {
            encodeNumber(out, v);
        } else if (v instanceof String) {
            out.write(TAG_TEXT);
            escaped(out, ((String) v).getBytes(StandardCharsets.UTF_8), limit);
        } else {
            out.write(TAG_BLOB);
            escaped(out, (byte[]) v, limit);
        }
    }

    private static void encodeNumber(ByteArrayOutputStream out, Object v) {
        long floor;
        double fraction;
        if (v instanceof Long) {
            floor = (Long) v;
            fraction = 0;
        } else {
            double d = (Double) v;
            if (d < -TWO_63 || d >= TWO_63) {
                out.write(d < 0 ? TAG_NUMBER_LOW : TAG_NUMBER_HIGH);
                long bits = Double.doubleToLongBits(d);
                putLong(out, d < 0 ? ~bits : bits ^ Long.MIN_VALUE);
                return;
            }
            double f = Math.floor(d);
            floor = (long) f;
            fraction = d - f;
        }
        out.write(TAG_NUMBER);
        putFlipped(out, floor);
        putLong(out, Double.doubleToLongBits(fraction + 0.0));
    }

    private static void escaped(ByteArrayOutputStream out, byte[] bytes, int limit) {
        int n = Math.min(bytes.length, limit);
        for (int i = 0; i < n; i++) {
            out.write(bytes[i]);
            if (bytes[i] == 0) {
                out.write(0xff);
            }
        }
        out.write(0);
        out.write(bytes.length > limit ? 1 : 0);
    }

    private static void putFlipped(ByteArrayOutputStream out, long value) {
        putLong(out, value ^ Long.MIN_VALUE);
    }

    private static void putLong(ByteArrayOutputStream out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    /** The row id at the end of an entry key. */
    public static long rowId(byte[] key) {
        long v = 0;
        for (int i = key.length - 8; i < key.length; i++) {
            v = v << 8 | (key[i] & 0xff);
        }
        return v ^ Long.MIN_VALUE;
    }

    /** Whether {@code key} starts with {@code prefix}. */
    public static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
