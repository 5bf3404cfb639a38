package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.KeySet;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.engine.btree.KeyCursor;
import dev.crashbench.engine.sql.Affinity;
import dev.crashbench.engine.sql.IndexKey;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.expr.Expr;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.TableDef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one source's rows are found, given the columns already bound in the combined row. Each
 * access yields candidate rows; the conditions it was chosen for are still checked afterwards, so
 * an access only has to find a superset of the matching rows.
 */
abstract class Access {
    /**
     * Receives candidate rows (values with the row id in the key column, and the row id). The
     * values array may be the context's scratch, valid only during the call: a consumer copies
     * what it keeps.
     */
    interface RowConsumer {
        /** Returns false to stop the scan. */
        boolean accept(long rowId, Object[] values) throws IOException, java.sql.SQLException;
    }

    /** Every column decoded. */
    final void rows(ExecContext context, TableDef table, Object[] row, RowConsumer consumer)
            throws IOException, java.sql.SQLException {
        rows(context, table, null, row, consumer);
    }

    /**
     * The candidate rows, each with the columns {@code skip} marks left null (null: none): a
     * caller that reads only some columns has no strings or boxes made for the others.
     */
    abstract void rows(ExecContext context, TableDef table, boolean[] skip, Object[] row, RowConsumer consumer)
            throws IOException, java.sql.SQLException;

    abstract String describe(String label);

    /** Rank for choosing: lower is better. */
    abstract int rank();

    /** Every row in key order. */
    static final class Scan extends Access {
        @Override
        void rows(ExecContext context, TableDef table, boolean[] skip, Object[] row, RowConsumer consumer)
                throws IOException, java.sql.SQLException {
            Cursor cursor = context.table(table).scan();
            while (cursor.next()) {
                long key = cursor.key();
                if (!consumer.accept(key, context.decodeScratch(table, key, cursor.value(), skip))) {
                    return;
                }
            }
        }

        @Override
        String describe(String label) {
            return "SCAN " + label;
        }

        @Override
        int rank() {
            return 6;
        }
    }

    /** The row whose key equals a probe value (after the comparison's affinity conversion). */
    static final class KeyEquals extends Access {
        private final Expr probe;
        private final boolean convert;
        private final String text;

        KeyEquals(Expr probe, boolean convert, String text) {
            this.probe = probe;
            this.convert = convert;
            this.text = text;
        }

        @Override
        void rows(ExecContext context, TableDef table, boolean[] skip, Object[] row, RowConsumer consumer)
                throws IOException, java.sql.SQLException {
            Object v = probe.eval(row, context.params());
            Long key = exactKey(convert ? Affinity.NUMERIC.apply(v) : v);
            if (key == null) {
                return;
            }
            int length = context.fetch(table, key);
            if (length >= 0) {
                consumer.accept(key, context.decodeFetched(table, key, length, skip));
            }
        }

        /** The int64 equal to a value, or null when no integer equals it. */
        static Long exactKey(Object v) {
            if (v instanceof Long) {
                return (Long) v;
            }
            if (v instanceof Double) {
                double d = (Double) v;
                if (d == Math.rint(d) && d >= -9.223372036854775808E18 && d < 9.223372036854775808E18) {
                    return (long) d;
                }
            }
            return null;
        }

        @Override
        String describe(String label) {
            return "SEARCH " + label + " USING INTEGER PRIMARY KEY (" + text + ")";
        }

        @Override
        int rank() {
            return 0;
        }
    }

    /** Keys in a range given by bounds that depend on no row. */
    static final class KeyRange extends Access {
        record Bound(Expr value, boolean lower, boolean inclusive) {
        }

        private final List<Bound> bounds;
        private final String text;

        KeyRange(List<Bound> bounds, String text) {
            this.bounds = List.copyOf(bounds);
            this.text = text;
        }

        @Override
        void rows(ExecContext context, TableDef table, boolean[] skip, Object[] row, RowConsumer consumer)
                throws IOException, java.sql.SQLException {
            long from = Long.MIN_VALUE;
            long to = Long.MAX_VALUE;
            for (Bound b : bounds) {
                Object v = Affinity.NUMERIC.apply(b.value().eval(row, context.params()));
                if (v == null) {
                    return;
                }
                if (!(v instanceof Long || v instanceof Double)) {
                    // Every integer sorts below text and blobs.
                    if (b.lower()) {
                        return;
                    }
                    continue;
                }
                double d = SqlValues.toDouble(v);
                if (b.lower()) {
                    long first;
                    if (v instanceof Long) {
                        long l = (Long) v;
                        if (!b.inclusive() && l == Long.MAX_VALUE) {
                            return;
                        }
                        first = b.inclusive() ? l : l + 1;
                    } else if (d >= 9.223372036854775807E18) {
                        return;
                    } else if (d < -9.223372036854775808E18) {
                        first = Long.MIN_VALUE;
                    } else {
                        double c = b.inclusive() ? Math.ceil(d) : Math.floor(d) + 1;
                        if (c >= 9.223372036854775807E18) {
                            return;
                        }
                        first = (long) c;
                    }
                    from = Math.max(from, first);
                } else {
                    long last;
                    if (v instanceof Long) {
                        long l = (Long) v;
                        if (!b.inclusive() && l == Long.MIN_VALUE) {
                            return;
                        }
                        last = b.inclusive() ? l : l - 1;
                    } else if (d < -9.223372036854775808E18) {
                        return;
                    } else if (d >= 9.223372036854775807E18) {
                        last = Long.MAX_VALUE;
                    } else {
                        double c = b.inclusive() ? Math.floor(d) : Math.ceil(d) - 1;
                        if (c < -9.223372036854775808E18) {
                            return;
                        }
                        last = (long) c;
                    }
                    to = Math.min(to, last);
                }
            }
            if (from > to) {
                return;
            }
            Cursor cursor = context.table(table).scan(from, to);
            while (cursor.next()) {
                long key = cursor.key();
                if (!consumer.accept(key, context.decodeScratch(table, key, cursor.value(), skip))) {
                    return;
                }
            }
        }

        @Override
        String describe(String label) {
            return "SEARCH " + label + " USING INTEGER PRIMARY KEY (" + text + ")";
        }

        @Override
        int rank() {
            return 3;
        }
    }

    /** Rows whose leading index columns equal probe values. */
    static final class IndexEquals extends Access {
        private final IndexDef index;
        private final List<Expr> probes;
        private final List<Affinity> conversions;
        private final String text;

        IndexEquals(IndexDef index, List<Expr> probes, List<Affinity> conversions, String text) {
            this.index = index;
            this.probes = List.copyOf(probes);
            this.conversions = new ArrayList<>(conversions);
            this.text = text;
        }

        boolean fullUnique() {
            return index.unique() && probes.size() == index.columnCount();
        }

        @Override
        void rows(ExecContext context, TableDef table, boolean[] skip, Object[] row, RowConsumer consumer)
                throws IOException, java.sql.SQLException {
            Object[] values = new Object[probes.size()];
            for (int i = 0; i < values.length; i++) {
                Object v = probes.get(i).eval(row, context.params());
                Affinity conversion = conversions.get(i);
                values[i] = conversion == null ? v : conversion.apply(v);
                if (values[i] == null) {
                    return; // = NULL matches nothing
                }
            }
            byte[] prefix = IndexKey.prefix(values, values.length, index.columnCount());
            KeySet keys = context.keySet(index);
            List<Long> rowIds = new ArrayList<>();
            KeyCursor cursor = keys.scan(prefix);
            while (cursor.next()) {
                byte[] key = cursor.key();
                if (!IndexKey.startsWith(key, prefix)) {
                    break;
                }
                rowIds.add(IndexKey.rowId(key));
            }
            for (long rowId : rowIds) {
                Object[] found = context.readRow(table, rowId);
                if (found == null) {
                    throw new dev.crashbench.engine.CorruptDatabaseException(index.treeName(),
                            dev.crashbench.engine.CorruptDatabaseException.NO_PAGE,
                            "index " + index.name() + " names row " + rowId + ", which table " + table.name() + " lacks");
                }
                if (!consumer.accept(rowId, found)) {
                    return;
                }
            }
        }

        @Override
        String describe(String label) {
            return "SEARCH " + label + " USING " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.name() + " (" + text + ")";
        }

        @Override
        int rank() {
            return fullUnique() ? 1 : 2;
        }
    }

    /**
     * An equi-join without a usable index: the source is read once into a hash table by its join
     * value. The rows it yields are the table's own decoded arrays, not copies (100,000 copies per
     * run of the bench's join): a consumer copies them and never modifies them.
     */
    static final class HashJoin extends Access {
        private final Expr innerKey;
        private final Affinity innerConversion;
        private final Expr outerKey;
        private final Affinity outerConversion;
        private final int offset;
        private final String text;
        private Map<Object, Matches> built;
        /** The context and execution the table was built in: a context is reused by its session's next statements. */
        private ExecContext builtFor;
        private long builtInExecution;

        HashJoin(Expr innerKey, Affinity innerConversion, Expr outerKey, Affinity outerConversion, int offset, String text) {
            this.innerKey = innerKey;
            this.innerConversion = innerConversion;
            this.outerKey = outerKey;
            this.outerConversion = outerConversion;
            this.offset = offset;
            this.text = text;
        }

        /** The rows of one join value, in key order: their row ids and decoded values. */
        private static final class Matches {
            private long[] rowIds = new long[4];
            private Object[][] rows = new Object[4][];
            private int count;

            void add(long rowId, Object[] values) {
                if (count == rowIds.length) {
                    rowIds = java.util.Arrays.copyOf(rowIds, count * 2);
                    rows = java.util.Arrays.copyOf(rows, count * 2);
                }
                rowIds[count] = rowId;
                rows[count++] = values;
            }
        }

        @Override
        void rows(ExecContext context, TableDef table, boolean[] skip, Object[] row, RowConsumer consumer)
                throws IOException, java.sql.SQLException {
            if (builtFor != context || builtInExecution != context.execution()) {
                build(context, table, row.length);
            }
            Object v = outerKey.eval(row, context.params());
            if (outerConversion != null) {
                v = outerConversion.apply(v);
            }
            if (v == null) {
                return;
            }
            Matches matches = built.get(SqlValues.equalityKey(v));
            if (matches == null) {
                return;
            }
            for (int i = 0; i < matches.count; i++) {
                if (!consumer.accept(matches.rowIds[i], matches.rows[i])) {
                    return;
                }
            }
        }

        private void build(ExecContext context, TableDef table, int width) throws IOException {
            Map<Object, Matches> map = new HashMap<>();
            Object[] scratch = new Object[width];
            int primaryKey = table.primaryKey();
            Cursor cursor = context.table(table).scan();
            while (cursor.next()) {
                long key = cursor.key();
                Object[] values = context.decode(table, key, cursor.value());
                System.arraycopy(values, 0, scratch, offset, values.length);
                scratch[offset + values.length] = primaryKey >= 0 ? values[primaryKey] : (Object) key; // one box per row
                Object v = innerKey.eval(scratch, context.params());
                if (innerConversion != null) {
                    v = innerConversion.apply(v);
                }
                if (v == null) {
                    continue;
                }
                map.computeIfAbsent(SqlValues.equalityKey(v), k -> new Matches()).add(key, values);
            }
            built = map;
            builtFor = context;
            builtInExecution = context.execution();
        }

        @Override
        String describe(String label) {
            return "HASH JOIN " + label + " ON (" + text + ")";
        }

        @Override
        int rank() {
            return 4;
        }
    }
}
