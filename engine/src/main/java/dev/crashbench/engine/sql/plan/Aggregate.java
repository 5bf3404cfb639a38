package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.expr.Expr;
import java.sql.SQLException;
import java.util.TreeSet;

/**
 * An aggregate call: COUNT(*), COUNT, SUM, TOTAL, AVG, MIN, MAX, optionally DISTINCT. SUM, TOTAL
 * and AVG follow SQLite 3.43+: integers sum exactly (SUM fails with "integer overflow"), and once
 * any input is not an integer the sum continues in floating point with Kahan-Babuska-Neumaier
 * compensation, so results match SQLite's to the last bit for the same input order.
 */
final class Aggregate {
    enum Kind { COUNT_STAR, COUNT, SUM, TOTAL, AVG, MIN, MAX }

    private final Kind kind;
    private final Expr argument;
    private final boolean distinct;
    private final String text;

    Aggregate(Kind kind, Expr argument, boolean distinct, String text) {
        this.kind = kind;
        this.argument = argument;
        this.distinct = distinct;
        this.text = text;
    }

    String describe() {
        return text;
    }

    Accumulator start() {
        return new Accumulator();
    }

    final class Accumulator {
        private final TreeSet<Object> seen = distinct ? new TreeSet<>(SqlValues.ORDER) : null;
        private long count;
        private long integerSum;
        private boolean approximate;
        private boolean overflow;
        private double sum;
        private double error;
        private Object best;

        void add(Object[] row, Object[] params) {
            if (kind == Kind.COUNT_STAR) {
                count++;
                return;
            }
            Object v = argument.eval(row, params);
            if (v == null || seen != null && !seen.add(v)) {
                return;
            }
            count++;
            switch (kind) {
                case MIN:
                case MAX: {
                    int c = best == null ? 0 : SqlValues.compare(v, best);
                    if (best == null || (kind == Kind.MIN ? c < 0 : c > 0)) {
                        best = v;
                    }
                    break;
                }
                case SUM:
                case TOTAL:
                case AVG:
                    addNumber(v);
                    break;
                default:
                    break;
            }
        }

        private void addNumber(Object v) {
            Object n = v instanceof String ? numericOrNull((String) v) : v;
            if (n instanceof Long) {
                long l = (Long) n;
                if (!approximate) {
                    long r = integerSum + l;
                    if (((integerSum ^ r) & (l ^ r)) < 0) {
                        overflow = true;
                        approximate = true;
                        init(integerSum);
                        stepInt(l);
                    } else {
                        integerSum = r;
                    }
                } else {
                    stepInt(l);
                }
                return;
            }
            if (!approximate) {
                approximate = true;
                init(integerSum);
            }
            step(n instanceof Double ? (Double) n : SqlValues.toDouble(SqlValues.toNumber(v)));
        }

        private Object numericOrNull(String text) {
            Object converted = dev.crashbench.engine.sql.Affinity.NUMERIC.apply(text);
            return converted instanceof String ? null : converted;
        }

        private void init(long value) {
            if (value <= -4503599627370496L || value >= 4503599627370496L) {
                long small = value % 16384;
                sum = (double) (value - small);
                error = (double) small;
            } else {
                sum = (double) value;
                error = 0;
            }
        }

        private void stepInt(long value) {
            if (value <= -4503599627370496L || value >= 4503599627370496L) {
                long small = value % 16384;
                step((double) (value - small));
                step((double) small);
            } else {
                step((double) value);
            }
        }

        private void step(double r) {
            double s = sum;
            double t = s + r;
            if (Math.abs(s) > Math.abs(r)) {
                error += (s - t) + r;
            } else {
                error += (r - t) + s;
            }
            sum = t;
        }

        private double approximateSum() {
            return Double.isInfinite(error) || Double.isNaN(error) ? sum : sum + error;
        }

        Object result() throws SQLException {
            switch (kind) {
                case COUNT_STAR:
                case COUNT:
                    return count;
                case MIN:
                case MAX:
                    return best;
                case SUM:
                    if (count == 0) {
                        return null;
                    }
                    if (approximate) {
                        if (overflow) {
                            throw SqlErrors.overflow("integer overflow in " + text);
                        }
                        return SqlValues.real(approximateSum());
                    }
                    return integerSum;
                case TOTAL:
                    return approximate ? SqlValues.real(approximateSum()) : (double) integerSum;
                default:
                    if (count == 0) {
                        return null;
                    }
                    double total = approximate ? approximateSum() : (double) integerSum;
                    return SqlValues.real(total / count);
            }
        }
    }
}
