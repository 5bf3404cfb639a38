package dev.crashbench.jdbc;

import dev.crashbench.engine.sql.BatchFailure;
import dev.crashbench.engine.sql.Prepared;
import dev.crashbench.engine.sql.Result;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: parsed and planned once by {@link Prepared}; each execution binds new
 * parameters and runs the same plan. Parameters not set make execution fail (07001).
 *
 * <p>Binding follows SQLite's {@code sqlite3_bind_double}: a NaN, through {@code setDouble},
 * {@code setFloat} or {@code setObject}, is bound as NULL; positive and negative infinity stay
 * REALs (read back as TEXT they are {@code Inf} and {@code -Inf}, and LIMIT refuses them with
 * 22018, as in SQLite).
 */
final class CbPreparedStatement extends CbStatement implements PreparedStatement {
    private static final Object UNSET = new Object();

    private final Prepared prepared;
    private final boolean returnKeys;
    private final Object[] params;
    private final List<Object[]> batch = new ArrayList<>();
    /** Row ids the last batch assigned, until read by {@link #getGeneratedKeys}. */
    private List<Long> batchKeys;
    CbPreparedStatement(CbConnection connection, Prepared prepared, boolean returnKeys) {
        super(connection);
        this.prepared = prepared;
        this.returnKeys = returnKeys;
        this.params = new Object[prepared.parameterCount()];
        Arrays.fill(params, UNSET);
    }

    /**
     * The parameters, all set, for one execution: the statement's own array, not a copy, since
     * the session holds it only while the execution runs and nothing can set a parameter then.
     */
    private Object[] bound() throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] == UNSET) {
                throw new SQLException("parameter " + (i + 1) + " is not set", "07001");
            }
        }
        return params;
    }

    private void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > params.length) {
            throw new SQLException("parameter index " + index + " is outside 1.." + params.length, "07009");
        }
        params[index - 1] = value;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        if (!prepared.isQuery()) {
            throw new SQLException("executeQuery needs a statement that returns rows: " + prepared.sql(), "07000");
        }
        run(prepared, bound());
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        if (prepared.isQuery()) {
            throw new SQLException("executeUpdate cannot run a query: " + prepared.sql(), "07000");
        }
        run(prepared, bound());
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        return run(prepared, bound());
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(bound().clone()); // kept past this call: the next parameters must not change it
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (prepared.isQuery()) {
            throw new SQLException("a batch cannot run a query", "07000");
        }
        List<Object[]> work = new ArrayList<>(batch);
        batch.clear();
        Result[] results;
        try {
            results = ran(connection.session().executeBatch(prepared, work));
        } catch (BatchFailure f) {
            closeCurrent(); // as after the failing set's own execution
            throw batchFailure(f.failure(), counts(f.completed()));
        }
        if (returnKeys) { // only such a statement can read them
            List<Long> keys = new ArrayList<>();
            for (Result r : results) {
                keys.addAll(r.generatedKeys());
            }
            batchKeys = keys;
        }
        return counts(results);
    }

    /** {@code results} of a batch, the last one made this statement's current result, as running them one by one would. */
    private Result[] ran(Result[] results) throws SQLException {
        if (results.length > 0) {
            record(results[results.length - 1]);
        }
        return results;
    }

    private static long[] counts(Result[] results) {
        long[] counts = new long[results.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = results[i].updateCount();
        }
        return counts;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return Arrays.stream(executeLargeBatch()).mapToInt(c -> (int) c).toArray();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (!returnKeys) {
            throw new SQLException("prepare the statement with RETURN_GENERATED_KEYS to read generated keys", "HY000");
        }
        if (batchKeys != null) {
            List<Object[]> rows = new ArrayList<>();
            for (Long key : batchKeys) {
                rows.add(new Object[] {key});
            }
            batchKeys = null;
            return new CbResultSet(this, List.of("GENERATED_KEY"), List.of("INTEGER"), rows);
        }
        return super.getGeneratedKeys();
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, UNSET);
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        set(index, null);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        set(index, null);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        set(index, x ? 1L : 0L);
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        set(index, (long) x);
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        set(index, (long) x);
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        set(index, (long) x);
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        set(index, Float.isNaN(x) ? null : (Object) (double) x);
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        set(index, Double.isNaN(x) ? null : (Object) x);
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        set(index, x == null ? null : number(x));
    }

    private static Object number(BigDecimal x) {
        try {
            return x.longValueExact();
        } catch (ArithmeticException notAnExactLong) {
            return x.doubleValue();
        }
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        set(index, x == null ? null : x.clone());
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        if (x == null || x instanceof String || x instanceof Long) {
            set(index, x);
        } else if (x instanceof Double) {
            set(index, ((Double) x).isNaN() ? null : x); // as setDouble: the SQL layer never sees a NaN
        } else if (x instanceof Integer || x instanceof Short || x instanceof Byte) {
            set(index, ((Number) x).longValue());
        } else if (x instanceof Float) {
            setFloat(index, (Float) x);
        } else if (x instanceof Boolean) {
            setBoolean(index, (Boolean) x);
        } else if (x instanceof BigDecimal) {
            setBigDecimal(index, (BigDecimal) x);
        } else if (x instanceof byte[]) {
            setBytes(index, (byte[]) x);
        } else {
            throw new SQLFeatureNotSupportedException("parameters of type " + x.getClass().getName());
        }
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        setObject(index, x);
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        setObject(index, x);
    }

    /** Not known before execution: JDBC allows null here. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null;
    }

    // Text-only statements do not apply to a prepared statement.

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw new SQLException("executeQuery(String) on a PreparedStatement", "HY000");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw new SQLException("executeUpdate(String) on a PreparedStatement", "HY000");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw new SQLException("execute(String) on a PreparedStatement", "HY000");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw new SQLException("addBatch(String) on a PreparedStatement", "HY000");
    }

    // ---- outside the subset: each throws SQLFeatureNotSupportedException ----

    @Override
    public void setDate(int arg0, Date arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setDate is not supported");
    }

    @Override
    public void setTime(int arg0, Time arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setTime is not supported");
    }

    @Override
    public void setTimestamp(int arg0, Timestamp arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setTimestamp is not supported");
    }

    @Override
    public void setAsciiStream(int arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setAsciiStream is not supported");
    }

    @Override
    public void setUnicodeStream(int arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setUnicodeStream is not supported");
    }

    @Override
    public void setBinaryStream(int arg0, InputStream arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setBinaryStream is not supported");
    }

    @Override
    public void setCharacterStream(int arg0, Reader arg1, int arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setCharacterStream is not supported");
    }

    @Override
    public void setRef(int arg0, Ref arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setRef is not supported");
    }

    @Override
    public void setBlob(int arg0, Blob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setBlob is not supported");
    }

    @Override
    public void setClob(int arg0, Clob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setClob is not supported");
    }

    @Override
    public void setArray(int arg0, Array arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setArray is not supported");
    }

    @Override
    public void setDate(int arg0, Date arg1, Calendar arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setDate is not supported");
    }

    @Override
    public void setTime(int arg0, Time arg1, Calendar arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setTime is not supported");
    }

    @Override
    public void setTimestamp(int arg0, Timestamp arg1, Calendar arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setTimestamp is not supported");
    }

    @Override
    public void setURL(int arg0, URL arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setURL is not supported");
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw new SQLFeatureNotSupportedException("getParameterMetaData is not supported");
    }

    @Override
    public void setRowId(int arg0, RowId arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setRowId is not supported");
    }

    @Override
    public void setNString(int arg0, String arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setNString is not supported");
    }

    @Override
    public void setNCharacterStream(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setNCharacterStream is not supported");
    }

    @Override
    public void setNClob(int arg0, NClob arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setNClob is not supported");
    }

    @Override
    public void setClob(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setClob is not supported");
    }

    @Override
    public void setBlob(int arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setBlob is not supported");
    }

    @Override
    public void setNClob(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setNClob is not supported");
    }

    @Override
    public void setSQLXML(int arg0, SQLXML arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setSQLXML is not supported");
    }

    @Override
    public void setAsciiStream(int arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setAsciiStream is not supported");
    }

    @Override
    public void setBinaryStream(int arg0, InputStream arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setBinaryStream is not supported");
    }

    @Override
    public void setCharacterStream(int arg0, Reader arg1, long arg2) throws SQLException {
        throw new SQLFeatureNotSupportedException("setCharacterStream is not supported");
    }

    @Override
    public void setAsciiStream(int arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setAsciiStream is not supported");
    }

    @Override
    public void setBinaryStream(int arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setBinaryStream is not supported");
    }

    @Override
    public void setCharacterStream(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setCharacterStream is not supported");
    }

    @Override
    public void setNCharacterStream(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setNCharacterStream is not supported");
    }

    @Override
    public void setClob(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setClob is not supported");
    }

    @Override
    public void setBlob(int arg0, InputStream arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setBlob is not supported");
    }

    @Override
    public void setNClob(int arg0, Reader arg1) throws SQLException {
        throw new SQLFeatureNotSupportedException("setNClob is not supported");
    }
}
