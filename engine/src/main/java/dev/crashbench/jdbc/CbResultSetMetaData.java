package dev.crashbench.jdbc;

import dev.crashbench.engine.sql.Affinity;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Result columns: names, and types from the declared type of a table column, else from the
 * first non-NULL value in the column (SQLite values carry their own type).
 */
final class CbResultSetMetaData implements ResultSetMetaData {
    private final List<String> columns;
    private final List<String> declaredTypes;
    private final List<Object[]> rows;

    CbResultSetMetaData(List<String> columns, List<String> declaredTypes, List<Object[]> rows) {
        this.columns = columns;
        this.declaredTypes = declaredTypes;
        this.rows = rows;
    }

    private int check(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column " + column + " is outside 1.." + columns.size(), "07009");
        }
        return column - 1;
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return columns.get(check(column));
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return columns.get(check(column));
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        int i = check(column);
        String declared = declaredTypes.get(i);
        if (!declared.isEmpty()) {
            switch (Affinity.ofDeclaredType(declared)) {
                case INTEGER:
                    return Types.BIGINT;
                case REAL:
                    return Types.DOUBLE;
                case TEXT:
                    return Types.VARCHAR;
                case BLOB:
                    return Types.BLOB;
                default:
                    return Types.NUMERIC;
            }
        }
        for (Object[] row : rows) {
            Object v = row[i];
            if (v instanceof Long) {
                return Types.BIGINT;
            }
            if (v instanceof Double) {
                return Types.DOUBLE;
            }
            if (v instanceof String) {
                return Types.VARCHAR;
            }
            if (v instanceof byte[]) {
                return Types.BLOB;
            }
        }
        return Types.NULL;
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        int i = check(column);
        if (!declaredTypes.get(i).isEmpty()) {
            return declaredTypes.get(i);
        }
        switch (getColumnType(column)) {
            case Types.BIGINT:
                return "INTEGER";
            case Types.DOUBLE:
                return "REAL";
            case Types.VARCHAR:
                return "TEXT";
            case Types.BLOB:
                return "BLOB";
            default:
                return "NULL";
        }
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        switch (getColumnType(column)) {
            case Types.BIGINT:
                return Long.class.getName();
            case Types.DOUBLE:
                return Double.class.getName();
            case Types.VARCHAR:
                return String.class.getName();
            case Types.BLOB:
                return byte[].class.getName();
            default:
                return Object.class.getName();
        }
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return getColumnType(column) == Types.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        check(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        int t = getColumnType(column);
        return t == Types.BIGINT || t == Types.DOUBLE || t == Types.NUMERIC;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        check(column);
        return Integer.MAX_VALUE;
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        check(column);
        return 0;
    }

    @Override
    public int getScale(int column) throws SQLException {
        check(column);
        return 0;
    }

    @Override
    public String getTableName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        check(column);
        return "";
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
