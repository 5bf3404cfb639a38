package dev.crashbench.engine.sql;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Index keys sort as the values do: for values short enough to be kept whole, unsigned byte order
 * of (value, row id) keys is {@link SqlValues#compare} order, then row-id order; for longer TEXT and
 * BLOB values the order is monotone (never reversed). Numbers are exact across INTEGER and REAL.
 */
class IndexKeyProperties {

    @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
    void keysSortAsValuesThenRowIds(@ForAll("values") Object a, @ForAll("values") Object b,
                                    @ForAll long rowA, @ForAll long rowB) {
        int expected = Integer.signum(SqlValues.compare(a, b));
        if (expected == 0) {
            expected = Long.compare(rowA, rowB);
        }
        int actual = Integer.signum(Arrays.compareUnsigned(IndexKey.entry(new Object[] {a}, rowA), IndexKey.entry(new Object[] {b}, rowB)));
        if (isLong(a) && isLong(b)) {
            assertTrue(Integer.signum(SqlValues.compare(a, b)) * actual >= 0 || SqlValues.compare(a, b) == 0,
                    "monotone for long values");
        } else {
            assertEquals(expected, actual, () -> describe(a) + " vs " + describe(b));
        }
        assertEquals(rowA, IndexKey.rowId(IndexKey.entry(new Object[] {a}, rowA)));
    }

    @Property(tries = 1000)
    void equalNumbersEncodeAlike(@ForAll long l) {
        double d = (double) l;
        if ((long) d == l && d != 9.223372036854775807E18) {
            assertEquals(Arrays.toString(IndexKey.prefix(new Object[] {l}, 1, 1)), Arrays.toString(IndexKey.prefix(new Object[] {d}, 1, 1)));
        }
    }

    private static boolean isLong(Object v) {
        int limit = IndexKey.prefixBytes(1);
        return v instanceof String && ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > limit
                || v instanceof byte[] && ((byte[]) v).length > limit;
    }

    private static String describe(Object v) {
        return v instanceof byte[] ? "blob" + Arrays.toString((byte[]) v) : v + " (" + SqlValues.typeName(v) + ")";
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.longs().between(-5, 5).map(l -> (Object) l),
                Arbitraries.of(-0.0, 0.5, -0.5, 2.0, 1e300, -1e300, 9.223372036854775807E18, -9.223372036854775808E18,
                        9.2233720368547758E18, 4.5e15 + 0.5, Double.MAX_VALUE, Double.MIN_VALUE).map(d -> (Object) d),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.strings().ofMaxLength(4).map(s -> (Object) s),
                Arbitraries.strings().withChars('a', 'b').ofMinLength(500).ofMaxLength(520).map(s -> (Object) s),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(5).map(b -> (Object) b),
                Arbitraries.bytes().array(byte[].class).ofMinSize(505).ofMaxSize(510).map(b -> (Object) b));
    }
}
