package dev.crashbench.engine.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * SQL values and SQLite's rules for them. A value is one of five Java objects: {@code null} (SQL
 * NULL), {@link Long} (INTEGER), {@link Double} (REAL, never NaN: NaN becomes NULL), {@link String}
 * (TEXT) and {@code byte[]} (BLOB).
 *
 * <p>Order ({@link #compare}), as SQLite sorts: NULL first, then numbers (INTEGER and REAL compared
 * by exact value, so 2^53 + 1 is above 2^53 as a REAL), then TEXT by its UTF-8 bytes (BINARY
 * collation, which is code point order), then BLOBs by unsigned bytes.
 */
public final class SqlValues {
    /** REALs with an integral value below this magnitude become INTEGERs under numeric affinity (SQLite's bound). */
    private static final double INTEGRAL_REAL_LIMIT = 2251799813685248.0; // 2^51
    private static final double TWO_63 = 9223372036854775808.0;

    /** {@link #compare} as a comparator, for sorting and grouping. */
    public static final Comparator<Object> ORDER = SqlValues::compare;

    private SqlValues() {
    }

    /** 0 NULL, 1 numeric, 2 text, 3 blob. */
    public static int storageClassRank(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long || v instanceof Double) {
            return 1;
        }
        return v instanceof String ? 2 : 3;
    }

    public static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Long) {
            return "integer";
        }
        if (v instanceof Double) {
            return "real";
        }
        return v instanceof String ? "text" : "blob";
    }

    /** SQLite's sort order of two values; NULL equals NULL here (for sorting, grouping and DISTINCT). */
    public static int compare(Object a, Object b) {
        int ra = storageClassRank(a);
        int rb = storageClassRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return 0;
            case 1:
                return compareNumbers(a, b);
            case 2:
                return compareText((String) a, (String) b);
            default:
                return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
    }

    static int compareNumbers(Object a, Object b) {
        if (a instanceof Long && b instanceof Long) {
            return Long.compare((Long) a, (Long) b);
        }
        if (a instanceof Double && b instanceof Double) {
            double x = (Double) a;
            double y = (Double) b;
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (a instanceof Long) {
            return compareLongDouble((Long) a, (Double) b);
        }
        return -compareLongDouble((Long) b, (Double) a);
    }

    /** Exact comparison of an integer with a real. */
    static int compareLongDouble(long l, double d) {
        if (d >= TWO_63) {
            return -1;
        }
        if (d < -TWO_63) {
            return 1;
        }
        long truncated = (long) d;
        if (l != truncated) {
            return l < truncated ? -1 : 1;
        }
        double fraction = d - truncated;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /** Code point order, which is the UTF-8 byte order SQLite's BINARY collation uses. */
    public static int compareText(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointOrder(x) - codePointOrder(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF, so UTF-16 units compare in code point order. */
    private static int codePointOrder(char c) {
        if (c >= 0xD800) {
            return c >= 0xE000 ? c - 0x800 : c + 0x2000;
        }
        return c;
    }

    /** Three-valued truth: null for NULL, else whether the value is a non-zero number (text by its numeric prefix). */
    public static Boolean truth(Object v) {
        if (v == null) {
            return null;
        }
        Object n = toNumber(v);
        if (n instanceof Long) {
            return (Long) n != 0;
        }
        return (Double) n != 0.0;
    }

    public static Long bool(Boolean b) {
        return b == null ? null : b ? 1L : 0L;
    }

    // ---- conversions ----

    /** A number for arithmetic: TEXT and BLOB by their longest numeric prefix (0 when none). */
    public static Object toNumber(Object v) {
        if (v == null || v instanceof Long || v instanceof Double) {
            return v;
        }
        String text = v instanceof String ? (String) v : new String((byte[]) v, StandardCharsets.UTF_8);
        return NumberText.prefix(text);
    }

    public static double toDouble(Object number) {
        return number instanceof Long ? (double) (Long) number : (Double) number;
    }

    /** The value as an INTEGER (reals truncated toward zero, saturating), null for NULL. */
    public static Long toLong(Object v) {
        Object n = toNumber(v);
        if (n == null) {
            return null;
        }
        return n instanceof Long ? (Long) n : (long) (double) (Double) n;
    }

    /** SQLite's numeric affinity: well-formed numeric text becomes a number; integral reals become integers. */
    static Object applyNumericAffinity(Object v, boolean real) {
        Object n = v;
        if (v instanceof String) {
            Object parsed = NumberText.wellFormed((String) v);
            if (parsed == null) {
                return v;
            }
            n = parsed;
        }
        if (real) {
            return n instanceof Long ? (Object) (double) (Long) n : n;
        }
        if (n instanceof Double) {
            double d = (Double) n;
            if (d == Math.rint(d) && Math.abs(d) < INTEGRAL_REAL_LIMIT) {
                return (long) d;
            }
        }
        return n;
    }

    static Object applyTextAffinity(Object v) {
        if (v instanceof Long || v instanceof Double) {
            return toText(v);
        }
        return v;
    }

    /**
     * Applies the conversions SQLite makes before comparing operands of these affinities: NUMERIC
     * affinity to the other operand when one side is numeric and the other is not; TEXT affinity
     * to an operand with no affinity when the other side is TEXT; nothing otherwise (so a TEXT
     * column compared with a BLOB column compares the stored values as they are).
     */
    public static Object[] comparisonOperands(Object a, Affinity aa, Object b, Affinity ba) {
        return new Object[] {comparisonOperand(a, aa, ba), comparisonOperand(b, ba, aa)};
    }

    /**
     * One operand of {@link #comparisonOperands}, {@code v} of affinity {@code self} compared with
     * one of affinity {@code other}, converted as that method converts it (each operand's
     * conversion depends only on the two affinities); for a caller that compares without an array.
     */
    public static Object comparisonOperand(Object v, Affinity self, Affinity other) {
        if (other.isNumeric() && !self.isNumeric()) {
            return applyNumericAffinity(v, false);
        }
        if (other == Affinity.TEXT && self == Affinity.NONE) {
            return applyTextAffinity(v);
        }
        return v;
    }

    /** The conversion applied to the operand of affinity {@code self} when compared with one of affinity {@code other}. */
    public static Affinity conversionFor(Affinity self, Affinity other) {
        if (other.isNumeric() && !self.isNumeric()) {
            return Affinity.NUMERIC;
        }
        if (other == Affinity.TEXT && self == Affinity.NONE) {
            return Affinity.TEXT;
        }
        return null;
    }

    /** Text of a value: integers in decimal, reals as SQLite prints them ({@code %!.15g}), blobs as UTF-8. */
    public static String toText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double) {
            return realToText((Double) v);
        }
        return new String((byte[]) v, StandardCharsets.UTF_8);
    }

    /** SQLite's {@code %!.15g}: 15 significant digits, trailing zeros dropped but one kept after the point. */
    public static String realToText(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        if (d == 0) {
            return "0.0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
        if (digits.isEmpty()) {
            digits = "0";
        }
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 15) {
            String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
            String e = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        String text;
        if (exponent >= 0) {
            if (digits.length() <= exponent + 1) {
                text = digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
            } else {
                text = digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
            }
        } else {
            text = "0." + "0".repeat(-exponent - 1) + digits;
        }
        return sign + text;
    }

    public static byte[] toBlob(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof byte[] ? (byte[]) v : toText(v).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A key for hash joins, DISTINCT and grouping by equality: values that {@link #compare} calls
     * equal get equal keys (an integral REAL and the INTEGER of that value are one key).
     */
    public static Object equalityKey(Object v) {
        if (v instanceof Double) {
            double d = (Double) v;
            if (d == Math.rint(d) && d >= -TWO_63 && d < TWO_63) {
                return (long) d;
            }
            return d;
        }
        if (v instanceof byte[]) {
            return ByteBuffer.wrap((byte[]) v);
        }
        return v;
    }

    /** A Java double as an SQL value: NaN is NULL. */
    public static Object real(double d) {
        return Double.isNaN(d) ? null : d;
    }

    // ---- arithmetic ----

    public static Object add(Object a, Object b) {
        Object x = toNumber(a);
        Object y = toNumber(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long && y instanceof Long) {
            long r = (Long) x + (Long) y;
            if ((((Long) x ^ r) & ((Long) y ^ r)) < 0) {
                return (double) (Long) x + (double) (Long) y;
            }
            return r;
        }
        return real(toDouble(x) + toDouble(y));
    }

    public static Object subtract(Object a, Object b) {
        Object x = toNumber(a);
        Object y = toNumber(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long && y instanceof Long) {
            long r = (Long) x - (Long) y;
            if ((((Long) x ^ (Long) y) & ((Long) x ^ r)) < 0) {
                return (double) (Long) x - (double) (Long) y;
            }
            return r;
        }
        return real(toDouble(x) - toDouble(y));
    }

    public static Object multiply(Object a, Object b) {
        Object x = toNumber(a);
        Object y = toNumber(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long && y instanceof Long) {
            long hi = Math.multiplyHigh((Long) x, (Long) y);
            long lo = (Long) x * (Long) y;
            if (hi == 0 && lo >= 0 || hi == -1 && lo < 0) {
                return lo;
            }
            return (double) (Long) x * (double) (Long) y;
        }
        return real(toDouble(x) * toDouble(y));
    }

    public static Object divide(Object a, Object b) {
        Object x = toNumber(a);
        Object y = toNumber(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long && y instanceof Long) {
            long d = (Long) y;
            if (d == 0) {
                return null;
            }
            if (d == -1 && (Long) x == Long.MIN_VALUE) {
                return -(double) Long.MIN_VALUE;
            }
            return (Long) x / d;
        }
        double d = toDouble(y);
        if (d == 0) {
            return null;
        }
        return real(toDouble(x) / d);
    }

    public static Object remainder(Object a, Object b) {
        Object x = toNumber(a);
        Object y = toNumber(b);
        if (x == null || y == null) {
            return null;
        }
        long dividend = x instanceof Long ? (Long) x : (long) (double) (Double) x;
        long divisor = y instanceof Long ? (Long) y : (long) (double) (Double) y;
        if (divisor == 0) {
            return null;
        }
        if (divisor == -1) {
            divisor = 1;
        }
        long r = dividend % divisor;
        return x instanceof Long && y instanceof Long ? (Object) r : (Object) (double) r;
    }

    public static Object negate(Object a) {
        Object x = toNumber(a);
        if (x == null) {
            return null;
        }
        if (x instanceof Long) {
            long l = (Long) x;
            return l == Long.MIN_VALUE ? (Object) (-(double) l) : (Object) (-l);
        }
        return -(Double) x;
    }

    public static Object concat(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return toText(a) + toText(b);
    }

    /** A readable literal for messages and EXPLAIN. */
    public static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof String) {
            return "'" + ((String) v).replace("'", "''") + "'";
        }
        if (v instanceof byte[]) {
            StringBuilder b = new StringBuilder("X'");
            for (byte x : (byte[]) v) {
                b.append(String.format("%02X", x));
            }
            return b.append("'").toString();
        }
        return toText(v);
    }
}
