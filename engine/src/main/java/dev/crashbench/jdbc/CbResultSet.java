package dev.crashbench.jdbc;

import dev.crashbench.engine.sql.SqlValues;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * A forward-only, read-only result held in memory. Getters convert as SQLite's column accessors
 * do: text read as a number takes its numeric prefix, a number read as text is printed, NULL reads
 * as 0 / null with {@link #wasNull} true.
 */
final class CbResultSet implements ResultSet {
    private final CbStatement statement;
    private final List<String> columns;
    private final List<String> declaredTypes;
    private final List<Object[]> rows;
    private int position = -1;
    private boolean wasNull;
    private boolean closed;

    CbResultSet(CbStatement statement, List<String> columns, List<String> declaredTypes, List<Object[]> rows) {
        this.statement = statement;
        this.columns = columns;
        this.declaredTypes = declaredTypes;
        this.rows = rows;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "HY010");
        }
    }

    private Object value(int column) throws SQLException {
        checkOpen();
        if (position < 0 || position >= rows.size()) {
            throw new SQLException("the cursor is not on a row (call next() first)", "24000");
        }
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column " + column + " is outside 1.." + columns.size(), "07009");
        }
        Object v = rows.get(position)[column - 1];
        wasNull = v == null;
        return v;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (position < rows.size()) {
            position++;
        }
        return position < rows.size();
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            statement.resultSetClosed(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public String getString(int column) throws SQLException {
        return SqlValues.toText(value(column));
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        return Boolean.TRUE.equals(SqlValues.truth(value(column)));
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) getLong(column);
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) getLong(column);
    }

    @Override
    public int getInt(int column) throws SQLException {
        return (int) getLong(column);
    }

    @Override
    public long getLong(int column) throws SQLException {
        Long v = SqlValues.toLong(value(column));
        return v == null ? 0 : v;
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return (float) getDouble(column);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        Object n = SqlValues.toNumber(value(column));
        return n == null ? 0 : SqlValues.toDouble(n);
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object n = SqlValues.toNumber(value(column));
        if (n == null) {
            return null;
        }
        return n instanceof Long ? BigDecimal.valueOf((Long) n) : BigDecimal.valueOf((Double) n);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal v = getBigDecimal(column);
        return v == null ? null : v.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        byte[] b = SqlValues.toBlob(value(column));
        return b == null ? null : b.clone();
    }

    /** INTEGER as Long, REAL as Double, TEXT as String, BLOB as byte[], NULL as null. */
    @Override
    public Object getObject(int column) throws SQLException {
        Object v = value(column);
        return v instanceof byte[] ? ((byte[]) v).clone() : v;
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        Object v;
        if (type == String.class) {
            v = getString(column);
        } else if (type == Long.class) {
            v = getLong(column);
        } else if (type == Integer.class) {
            v = getInt(column);
        } else if (type == Double.class) {
            v = getDouble(column);
        } else if (type == Boolean.class) {
            v = getBoolean(column);
        } else if (type == byte[].class) {
            v = getBytes(column);
        } else if (type == BigDecimal.class) {
            v = getBigDecimal(column);
        } else if (type == Object.class) {
            v = getObject(column);
        } else {
            throw new SQLFeatureNotSupportedException("getObject as " + type.getName());
        }
        return wasNull ? null : type.cast(v);
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw new SQLException("no column labelled " + label + " in " + columns, "42S22");
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new CbResultSetMetaData(columns, declaredTypes, rows);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return position < 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return position >= rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return position == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return position == rows.size() - 1 && !rows.isEmpty();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return position >= 0 && position < rows.size() ? position + 1 : 0;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw new SQLFeatureNotSupportedException("only FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
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

    // ---- outside the subset: each throws SQLFeatureNotSupportedException ----

    @Override
    public Date getDate(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getDate is not supported");
    }

    @Override
    public Time getTime(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTime is not supported");
    }

    @Override
    public Timestamp getTimestamp(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTimestamp is not supported");
    }

    @Override
    public InputStream getAsciiStream(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getAsciiStream is not supported");
    }

    @Override
    public InputStream getUnicodeStream(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getUnicodeStream is not supported");
    }

    @Override
    public InputStream getBinaryStream(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getBinaryStream is not supported");
    }

    @Override
    public Date getDate(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getDate is not supported");
    }

    @Override
    public Time getTime(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTime is not supported");
    }

    @Override
    public Timestamp getTimestamp(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTimestamp is not supported");
    }

    @Override
    public InputStream getAsciiStream(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getAsciiStream is not supported");
    }

    @Override
    public InputStream getUnicodeStream(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getUnicodeStream is not supported");
    }

    @Override
    public InputStream getBinaryStream(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getBinaryStream is not supported");
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException("getCursorName is not supported");
    }

    @Override
    public Reader getCharacterStream(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getCharacterStream is not supported");
    }

    @Override
    public Reader getCharacterStream(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getCharacterStream is not supported");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw new SQLFeatureNotSupportedException("beforeFirst is not supported");
    }

    @Override
    public void afterLast() throws SQLException {
        throw new SQLFeatureNotSupportedException("afterLast is not supported");
    }

    @Override
    public boolean first() throws SQLException {
        throw new SQLFeatureNotSupportedException("first is not supported");
    }

    @Override
    public boolean last() throws SQLException {
        throw new SQLFeatureNotSupportedException("last is not supported");
    }

    @Override
    public boolean absolute(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("absolute is not supported");
    }

    @Override
    public boolean relative(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("relative is not supported");
    }

    @Override
    public boolean previous() throws SQLException {
        throw new SQLFeatureNotSupportedException("previous is not supported");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw new SQLFeatureNotSupportedException("rowUpdated is not supported");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw new SQLFeatureNotSupportedException("rowInserted is not supported");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw new SQLFeatureNotSupportedException("rowDeleted is not supported");
    }

    @Override
    public void updateNull(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNull is not supported");
    }

    @Override
    public void updateBoolean(int arg0, boolean arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBoolean is not supported");
    }

    @Override
    public void updateByte(int arg0, byte arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateByte is not supported");
    }

    @Override
    public void updateShort(int arg0, short arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateShort is not supported");
    }

    @Override
    public void updateInt(int arg0, int arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateInt is not supported");
    }

    @Override
    public void updateLong(int arg0, long arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateLong is not supported");
    }

    @Override
    public void updateFloat(int arg0, float arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateFloat is not supported");
    }

    @Override
    public void updateDouble(int arg0, double arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateDouble is not supported");
    }

    @Override
    public void updateBigDecimal(int arg0, BigDecimal arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBigDecimal is not supported");
    }

    @Override
    public void updateString(int arg0, String arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateString is not supported");
    }

    @Override
    public void updateBytes(int arg0, byte[] arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBytes is not supported");
    }

    @Override
    public void updateDate(int arg0, Date arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateDate is not supported");
    }

    @Override
    public void updateTime(int arg0, Time arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateTime is not supported");
    }

    @Override
    public void updateTimestamp(int arg0, Timestamp arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateTimestamp is not supported");
    }

    @Override
    public void updateAsciiStream(int arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateAsciiStream is not supported");
    }

    @Override
    public void updateBinaryStream(int arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBinaryStream is not supported");
    }

    @Override
    public void updateCharacterStream(int arg0, Reader arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateCharacterStream is not supported");
    }

    @Override
    public void updateObject(int arg0, Object arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateObject is not supported");
    }

    @Override
    public void updateObject(int arg0, Object arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateObject is not supported");
    }

    @Override
    public void updateNull(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNull is not supported");
    }

    @Override
    public void updateBoolean(String arg0, boolean arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBoolean is not supported");
    }

    @Override
    public void updateByte(String arg0, byte arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateByte is not supported");
    }

    @Override
    public void updateShort(String arg0, short arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateShort is not supported");
    }

    @Override
    public void updateInt(String arg0, int arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateInt is not supported");
    }

    @Override
    public void updateLong(String arg0, long arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateLong is not supported");
    }

    @Override
    public void updateFloat(String arg0, float arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateFloat is not supported");
    }

    @Override
    public void updateDouble(String arg0, double arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateDouble is not supported");
    }

    @Override
    public void updateBigDecimal(String arg0, BigDecimal arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBigDecimal is not supported");
    }

    @Override
    public void updateString(String arg0, String arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateString is not supported");
    }

    @Override
    public void updateBytes(String arg0, byte[] arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBytes is not supported");
    }

    @Override
    public void updateDate(String arg0, Date arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateDate is not supported");
    }

    @Override
    public void updateTime(String arg0, Time arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateTime is not supported");
    }

    @Override
    public void updateTimestamp(String arg0, Timestamp arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateTimestamp is not supported");
    }

    @Override
    public void updateAsciiStream(String arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateAsciiStream is not supported");
    }

    @Override
    public void updateBinaryStream(String arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBinaryStream is not supported");
    }

    @Override
    public void updateCharacterStream(String arg0, Reader arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateCharacterStream is not supported");
    }

    @Override
    public void updateObject(String arg0, Object arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateObject is not supported");
    }

    @Override
    public void updateObject(String arg0, Object arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateObject is not supported");
    }

    @Override
    public void insertRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("insertRow is not supported");
    }

    @Override
    public void updateRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("updateRow is not supported");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("deleteRow is not supported");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("refreshRow is not supported");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw new SQLFeatureNotSupportedException("cancelRowUpdates is not supported");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("moveToInsertRow is not supported");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw new SQLFeatureNotSupportedException("moveToCurrentRow is not supported");
    }

    @Override
    public Object getObject(int arg0, Map<String, Class<?>> arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getObject is not supported");
    }

    @Override
    public Ref getRef(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getRef is not supported");
    }

    @Override
    public Blob getBlob(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getBlob is not supported");
    }

    @Override
    public Clob getClob(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getClob is not supported");
    }

    @Override
    public Array getArray(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getArray is not supported");
    }

    @Override
    public Object getObject(String arg0, Map<String, Class<?>> arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getObject is not supported");
    }

    @Override
    public Ref getRef(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getRef is not supported");
    }

    @Override
    public Blob getBlob(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getBlob is not supported");
    }

    @Override
    public Clob getClob(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getClob is not supported");
    }

    @Override
    public Array getArray(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getArray is not supported");
    }

    @Override
    public Date getDate(int arg0, Calendar arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getDate is not supported");
    }

    @Override
    public Date getDate(String arg0, Calendar arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getDate is not supported");
    }

    @Override
    public Time getTime(int arg0, Calendar arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTime is not supported");
    }

    @Override
    public Time getTime(String arg0, Calendar arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTime is not supported");
    }

    @Override
    public Timestamp getTimestamp(int arg0, Calendar arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTimestamp is not supported");
    }

    @Override
    public Timestamp getTimestamp(String arg0, Calendar arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("getTimestamp is not supported");
    }

    @Override
    public URL getURL(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getURL is not supported");
    }

    @Override
    public URL getURL(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getURL is not supported");
    }

    @Override
    public void updateRef(int arg0, Ref arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateRef is not supported");
    }

    @Override
    public void updateRef(String arg0, Ref arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateRef is not supported");
    }

    @Override
    public void updateBlob(int arg0, Blob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBlob is not supported");
    }

    @Override
    public void updateBlob(String arg0, Blob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBlob is not supported");
    }

    @Override
    public void updateClob(int arg0, Clob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateClob is not supported");
    }

    @Override
    public void updateClob(String arg0, Clob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateClob is not supported");
    }

    @Override
    public void updateArray(int arg0, Array arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateArray is not supported");
    }

    @Override
    public void updateArray(String arg0, Array arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateArray is not supported");
    }

    @Override
    public RowId getRowId(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getRowId is not supported");
    }

    @Override
    public RowId getRowId(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getRowId is not supported");
    }

    @Override
    public void updateRowId(int arg0, RowId arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateRowId is not supported");
    }

    @Override
    public void updateRowId(String arg0, RowId arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateRowId is not supported");
    }

    @Override
    public void updateNString(int arg0, String arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNString is not supported");
    }

    @Override
    public void updateNString(String arg0, String arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNString is not supported");
    }

    @Override
    public void updateNClob(int arg0, NClob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNClob is not supported");
    }

    @Override
    public void updateNClob(String arg0, NClob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNClob is not supported");
    }

    @Override
    public NClob getNClob(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getNClob is not supported");
    }

    @Override
    public NClob getNClob(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getNClob is not supported");
    }

    @Override
    public SQLXML getSQLXML(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getSQLXML is not supported");
    }

    @Override
    public SQLXML getSQLXML(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getSQLXML is not supported");
    }

    @Override
    public void updateSQLXML(int arg0, SQLXML arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateSQLXML is not supported");
    }

    @Override
    public void updateSQLXML(String arg0, SQLXML arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateSQLXML is not supported");
    }

    @Override
    public String getNString(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getNString is not supported");
    }

    @Override
    public String getNString(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getNString is not supported");
    }

    @Override
    public Reader getNCharacterStream(int arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getNCharacterStream is not supported");
    }

    @Override
    public Reader getNCharacterStream(String arg0) throws SQLException {
        throw new SQLFeatureNotSupportedException("getNCharacterStream is not supported");
    }

    @Override
    public void updateNCharacterStream(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNCharacterStream is not supported");
    }

    @Override
    public void updateNCharacterStream(String arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNCharacterStream is not supported");
    }

    @Override
    public void updateAsciiStream(int arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateAsciiStream is not supported");
    }

    @Override
    public void updateBinaryStream(int arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBinaryStream is not supported");
    }

    @Override
    public void updateCharacterStream(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateCharacterStream is not supported");
    }

    @Override
    public void updateAsciiStream(String arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateAsciiStream is not supported");
    }

    @Override
    public void updateBinaryStream(String arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBinaryStream is not supported");
    }

    @Override
    public void updateCharacterStream(String arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateCharacterStream is not supported");
    }

    @Override
    public void updateBlob(int arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBlob is not supported");
    }

    @Override
    public void updateBlob(String arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBlob is not supported");
    }

    @Override
    public void updateClob(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateClob is not supported");
    }

    @Override
    public void updateClob(String arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateClob is not supported");
    }

    @Override
    public void updateNClob(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNClob is not supported");
    }

    @Override
    public void updateNClob(String arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNClob is not supported");
    }

    @Override
    public void updateNCharacterStream(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNCharacterStream is not supported");
    }

    @Override
    public void updateNCharacterStream(String arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNCharacterStream is not supported");
    }

    @Override
    public void updateAsciiStream(int arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateAsciiStream is not supported");
    }

    @Override
    public void updateBinaryStream(int arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBinaryStream is not supported");
    }

    @Override
    public void updateCharacterStream(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateCharacterStream is not supported");
    }

    @Override
    public void updateAsciiStream(String arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateAsciiStream is not supported");
    }

    @Override
    public void updateBinaryStream(String arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBinaryStream is not supported");
    }

    @Override
    public void updateCharacterStream(String arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateCharacterStream is not supported");
    }

    @Override
    public void updateBlob(int arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBlob is not supported");
    }

    @Override
    public void updateBlob(String arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateBlob is not supported");
    }

    @Override
    public void updateClob(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateClob is not supported");
    }

    @Override
    public void updateClob(String arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateClob is not supported");
    }

    @Override
    public void updateNClob(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNClob is not supported");
    }

    @Override
    public void updateNClob(String arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("updateNClob is not supported");
    }
}
