package dev.crashbench.engine.sql.schema;

import java.util.Locale;

/**
 * A secondary index: the listed columns of {@code table}, kept in the engine key set
 * {@link #treeName()} as {@link dev.crashbench.engine.sql.IndexKey} entries.
 */
public record IndexDef(long id, String name, String table, int[] columns, boolean unique, String sql) {
    public IndexDef {
        columns = columns.clone();
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }

    public int columnCount() {
        return columns.length;
    }

    public int column(int i) {
        return columns[i];
    }

    public static String treeName(String indexName) {
        return "sql:i:" + indexName.toLowerCase(Locale.ROOT);
    }

    public String treeName() {
        return treeName(name);
    }
}
