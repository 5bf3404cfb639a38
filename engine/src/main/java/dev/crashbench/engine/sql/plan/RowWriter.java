package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.btree.KeyCursor;
import dev.crashbench.engine.sql.IndexKey;
import dev.crashbench.engine.sql.SqlErrors;
import dev.crashbench.engine.sql.SqlValues;
import dev.crashbench.engine.sql.schema.ColumnDef;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.TableDef;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Row changes with their constraints and index maintenance: every write to a table goes through
 * here, so every secondary index follows every insert, update and delete. Each row is checked
 * completely (types of the key, NOT NULL, the key and every UNIQUE index) before anything of it
 * is written; the statement's undo log covers rows written earlier in the same statement.
 */
final class RowWriter {
    private RowWriter() {
    }

    /**
     * Applies column affinities, fills the key, checks constraints and stores a new row; returns
     * its row id. {@code values} has one entry per column (defaults already filled in).
     */
    static long insert(ExecContext context, TableDef table, Object[] values) throws IOException, SQLException {
        Object[] row = conform(table, values, context.scratch(ExecContext.Scratch.CONFORMED, table.columnCount()));
        long rowId;
        int pk = table.primaryKey();
        List<IndexDef> indexes = context.schema().indexesOf(table.name());
        if (pk >= 0 && row[pk] != null) {
            rowId = (Long) row[pk];
            // A taken key is reported before a UNIQUE index's conflict: looked up first only when
            // there is such an index to check, otherwise the insert itself finds it.
            if (anyUnique(indexes) && context.table(table).get(rowId) != null) {
                throw keyTaken(table);
            }
        } else {
            rowId = nextRowId(context, table);
            if (pk >= 0) {
                row[pk] = rowId;
            }
        }
        checkUnique(context, table, row, rowId);
        if (!context.insertRow(table, rowId, row)) {
            throw keyTaken(table);
        }
        for (int i = 0; i < indexes.size(); i++) {
            IndexDef index = indexes.get(i);
            context.addKey(index, IndexKey.entry(indexValues(index, row), rowId));
        }
        return rowId;
    }

    /** Replaces the row {@code oldRowId} (whose values are {@code oldRow}) with {@code newValues}. */
    static void update(ExecContext context, TableDef table, long oldRowId, Object[] oldRow, Object[] newValues)
            throws IOException, SQLException {
        Object[] row = conform(table, newValues, context.scratch(ExecContext.Scratch.CONFORMED, table.columnCount()));
        int pk = table.primaryKey();
        long newRowId = oldRowId;
        if (pk >= 0) {
            if (row[pk] == null) {
                throw SqlErrors.notNull(table.name(), table.column(pk).name());
            }
            newRowId = (Long) row[pk];
            if (newRowId != oldRowId && context.table(table).get(newRowId) != null) {
                throw keyTaken(table);
            }
        }
        checkUnique(context, table, row, oldRowId);
        List<IndexDef> indexes = context.schema().indexesOf(table.name());
        for (int i = 0; i < indexes.size(); i++) {
            IndexDef index = indexes.get(i);
            context.removeKey(index, IndexKey.entry(indexValues(index, oldRow), oldRowId));
        }
        if (newRowId != oldRowId) {
            context.deleteRow(table, oldRowId);
        }
        context.putRow(table, newRowId, row);
        for (int i = 0; i < indexes.size(); i++) {
            IndexDef index = indexes.get(i);
            context.addKey(index, IndexKey.entry(indexValues(index, row), newRowId));
        }
    }

    private static SQLException keyTaken(TableDef table) {
        return SqlErrors.unique(table.name() + "." + table.column(table.primaryKey()).name());
    }

    private static boolean anyUnique(List<IndexDef> indexes) {
        for (int i = 0; i < indexes.size(); i++) {
            if (indexes.get(i).unique()) {
                return true;
            }
        }
        return false;
    }

    static void delete(ExecContext context, TableDef table, long rowId, Object[] row) throws IOException {
        List<IndexDef> indexes = context.schema().indexesOf(table.name());
        for (int i = 0; i < indexes.size(); i++) {
            IndexDef index = indexes.get(i);
            context.removeKey(index, IndexKey.entry(indexValues(index, row), rowId));
        }
        context.deleteRow(table, rowId);
    }

    /**
     * Column affinities applied to {@code values}, into {@code row} (one entry per column), which
     * it returns; the key checked to be an integer; NOT NULL checked (except an absent key).
     */
    static Object[] conform(TableDef table, Object[] values, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            ColumnDef c = table.column(i);
            Object v = c.affinity().apply(values[i]);
            if (c.primaryKey() && v != null && !(v instanceof Long)) {
                throw SqlErrors.mismatch(table.name() + "." + c.name() + " is the INTEGER PRIMARY KEY and cannot hold "
                        + SqlValues.literal(v));
            }
            if (c.notNull() && v == null && !c.primaryKey()) {
                throw SqlErrors.notNull(table.name(), c.name());
            }
            row[i] = v;
        }
        return row;
    }

    static Object[] indexValues(IndexDef index, Object[] row) {
        Object[] values = new Object[index.columnCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row[index.column(i)];
        }
        return values;
    }

    /** Throws when a UNIQUE index already has these values for another row (NULLs never conflict). */
    static void checkUnique(ExecContext context, TableDef table, Object[] row, long rowId) throws IOException, SQLException {
        List<IndexDef> indexes = context.schema().indexesOf(table.name());
        for (int x = 0; x < indexes.size(); x++) {
            IndexDef index = indexes.get(x);
            if (!index.unique()) {
                continue;
            }
            Object[] values = indexValues(index, row);
            if (conflict(context, table, index, values, rowId)) {
                StringBuilder what = new StringBuilder();
                for (int i = 0; i < index.columnCount(); i++) {
                    what.append(i > 0 ? ", " : "").append(table.name()).append('.').append(table.column(index.column(i)).name());
                }
                throw SqlErrors.unique(what.toString());
            }
        }
    }

    static boolean conflict(ExecContext context, TableDef table, IndexDef index, Object[] values, long rowId)
            throws IOException {
        for (Object v : values) {
            if (v == null) {
                return false;
            }
        }
        byte[] prefix = IndexKey.prefix(values, values.length, index.columnCount());
        List<Long> candidates = new ArrayList<>();
        KeyCursor cursor = context.keySet(index).scan(prefix);
        while (cursor.next()) {
            byte[] key = cursor.key();
            if (!IndexKey.startsWith(key, prefix)) {
                break;
            }
            long other = IndexKey.rowId(key);
            if (other != rowId) {
                candidates.add(other);
            }
        }
        // Long values share a cut prefix in the key: compare the stored values themselves.
        for (long other : candidates) {
            Object[] existing = context.readRow(table, other);
            if (existing != null && sameValues(indexValues(index, existing), values)) {
                return true;
            }
        }
        return false;
    }

    private static long nextRowId(ExecContext context, TableDef table) throws IOException, SQLException {
        Long last = context.table(table).lastKey();
        if (last == null) {
            return 1;
        }
        if (last == Long.MAX_VALUE) {
            throw new SQLException("database or disk is full: table " + table.name() + " used the largest row id", "53100");
        }
        return last + 1;
    }

    /** Values equal as SQL compares them. */
    private static boolean sameValues(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (SqlValues.compare(a[i], b[i]) != 0) {
                return false;
            }
        }
        return true;
    }
}
