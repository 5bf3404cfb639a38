package dev.crashbench.engine.sql.schema;

import java.util.List;
import java.util.Locale;

/**
 * A table of the SQL schema. Its rows live in the engine table {@link #treeName()}, keyed by row
 * id: the INTEGER PRIMARY KEY column when there is one ({@code primaryKey >= 0}), else a hidden
 * row id.
 */
public record TableDef(long id, String name, List<ColumnDef> columns, int primaryKey, String sql) {
    public TableDef {
        columns = List.copyOf(columns);
    }

    public static String treeName(String tableName) {
        return "sql:t:" + tableName.toLowerCase(Locale.ROOT);
    }

    public String treeName() {
        return treeName(name);
    }

    public int columnCount() {
        return columns.size();
    }

    public ColumnDef column(int i) {
        return columns.get(i);
    }

    /** Index of the column named {@code name} (case-insensitive), or -1. */
    public int columnIndex(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
