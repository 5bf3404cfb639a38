package dev.crashbench.engine.sql;

import dev.crashbench.engine.DatabaseFailedException;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.Transaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.sql.plan.ExecContext;
import dev.crashbench.engine.sql.plan.Plan;
import dev.crashbench.engine.sql.plan.Planner;
import dev.crashbench.engine.sql.schema.Schema;
import dev.crashbench.engine.sql.schema.SchemaCodec;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One connection's view of a {@link SqlDatabase}: its transaction state, and the execution of
 * statements in it. Used by one thread at a time.
 *
 * <p><b>Transactions.</b> In auto-commit mode each statement is its own transaction. Otherwise
 * (auto-commit off, or after BEGIN) reads share one snapshot, and the first write takes the
 * engine's single write transaction, which later reads also use (so a transaction reads its own
 * writes). If another connection committed after this transaction's snapshot was taken, that
 * first write fails with SQLState 40001 instead of writing over data it did not see: the
 * transaction stays serializable, and the caller rolls back and retries.
 *
 * <p><b>Statement atomicity.</b> A statement that fails with an SQL error undoes its own changes
 * and leaves the transaction usable. An I/O error while writing costs the whole write
 * transaction (the engine rolls it back); in an explicit transaction, later statements then fail
 * with 25P02 until ROLLBACK.
 */
public final class SqlSession implements AutoCloseable {
    private final SqlDatabase database;
    private boolean autoCommit = true;
    private boolean explicit;
    private boolean readOnly;
    private ReadTransaction read;
    private long readStamp;
    private WriteTransaction write;
    private Schema transactionSchema;
    private String aborted;
    private boolean closed;
    /** The execution state of every statement this session runs, one at a time: reused, so a warm statement makes no garbage. */
    private final ExecContext context = new ExecContext();
    /** Where the schema cookie is read before each statement, and its checksum: kept, so the read makes no garbage. */
    private final byte[] cookieBuffer = new byte[SchemaCodec.COOKIE_SIZE];
    private final CRC32C cookieCrc = new CRC32C();

    SqlSession(SqlDatabase database) {
        this.database = database;
    }

    public SqlDatabase database() {
        return database;
    }

    /** Parses and plans {@code sql} against the current schema. */
    public Prepared prepare(String sql) throws SQLException {
        ensureOpen();
        SqlParser.Parsed parsed = SqlParser.parse(sql);
        if (parsed.control() != null) {
            return new Prepared(parsed, null, 0);
        }
        Schema schema = currentSchema();
        Plan plan = Planner.plan(parsed.statement(), sql, schema, parsed.explain());
        return new Prepared(parsed, plan, schema.cookie());
    }

    /** Parses, plans and runs {@code sql} once. */
    public Result execute(String sql, Object... params) throws SQLException {
        return execute(prepare(sql), params);
    }

    public Result execute(Prepared prepared, Object[] params) throws SQLException {
        ensureOpen();
        if (prepared.control() != null) {
            control(prepared.control());
            return Result.update(0);
        }
        if (aborted != null) {
            throw SqlErrors.aborted(aborted);
        }
        if (params.length != prepared.parameterCount()) {
            throw SqlErrors.parameters("the statement takes " + prepared.parameterCount() + " parameters, got "
                    + params.length);
        }
        params = withoutNaN(params);
        try {
            Transaction transaction = prepared.isQuery() ? readTransaction() : writeTransaction();
            Schema schema = schemaOf(transaction);
            return run(prepared.planFor(schema), transaction, schema, params);
        } catch (SQLException e) {
            endIfAutoCommit(false);
            throw e;
        } catch (IOException e) {
            endIfAutoCommit(false);
            throw SqlErrors.io("I/O error: " + e.getMessage(), e);
        }
    }

    private Result run(Plan plan, Transaction transaction, Schema schema, Object[] params) throws SQLException, IOException {
        if (plan.writes() && readOnly) {
            throw SqlErrors.readOnly();
        }
        context.begin(transaction, schema, params);
        try {
            Result result = plan.run(context);
            if (context.changedSchema() != null) {
                transactionSchema = context.changedSchema();
            }
            context.end();
            endIfAutoCommit(true);
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            throw failed(plan, e);
        }
    }

    /**
     * After a statement's plan threw: undoes what the statement changed, ends its execution, and
     * returns the error to throw.
     */
    private SQLException failed(Plan plan, Exception e) throws SQLException {
        if (plan.writes()) {
            undoStatement(e);
        }
        context.end();
        endIfAutoCommit(false);
        if (e instanceof SQLException) {
            return (SQLException) e;
        }
        if (e instanceof IOException) {
            return SqlErrors.io("I/O error or corruption: " + e.getMessage(), e);
        }
        return new SQLException("internal error: " + e, "XX000", e);
    }

    /**
     * Runs {@code prepared} once per parameter set of {@code paramSets}, in order, as that many
     * {@link #execute} calls would, and returns each one's result. Each set is atomic on its own:
     * one that fails undoes its own changes, the sets before it keep theirs, and the batch stops
     * there with a {@link BatchFailure}.
     *
     * <p>Inside a transaction, a statement that changes only rows ({@link Plan#changesRowsOnly})
     * runs every set in one execution: the write transaction, the schema and the table handles
     * are found once for the batch instead of once per set (for a batch of one-row INSERTs, that
     * lookup cost more than the insert itself). Otherwise each set is one {@link #execute}.
     */
    public Result[] executeBatch(Prepared prepared, List<Object[]> paramSets) throws SQLException {
        ensureOpen();
        Result[] results = new Result[paramSets.size()];
        if (results.length == 0) {
            return results;
        }
        if (prepared.control() != null || prepared.isQuery() || !inTransaction() || aborted != null || readOnly) {
            return executeEach(prepared, paramSets, results);
        }
        Transaction transaction;
        Schema schema;
        Plan plan;
        try {
            transaction = writeTransaction();
            schema = schemaOf(transaction);
            plan = prepared.planFor(schema);
        } catch (SQLException e) {
            throw new BatchFailure(e, new Result[0]);
        } catch (IOException e) {
            throw new BatchFailure(SqlErrors.io("I/O error: " + e.getMessage(), e), new Result[0]);
        }
        if (!plan.changesRowsOnly()) {
            return executeEach(prepared, paramSets, results);
        }
        int i = 0;
        context.begin(transaction, schema, null);
        try {
            for (; i < results.length; i++) {
                Object[] params = paramSets.get(i);
                if (params.length != prepared.parameterCount()) {
                    throw SqlErrors.parameters("the statement takes " + prepared.parameterCount() + " parameters, got "
                            + params.length);
                }
                context.next(withoutNaN(params));
                results[i] = plan.run(context);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            throw new BatchFailure(failed(plan, e), Arrays.copyOf(results, i));
        }
        context.end();
        return results;
    }

    /** {@link #executeBatch} as one {@link #execute} per set. */
    private Result[] executeEach(Prepared prepared, List<Object[]> paramSets, Result[] results) throws SQLException {
        for (int i = 0; i < results.length; i++) {
            try {
                results[i] = execute(prepared, paramSets.get(i));
            } catch (SQLException e) {
                throw new BatchFailure(e, Arrays.copyOf(results, i));
            }
        }
        return results;
    }

    /** Undoes a failed statement's changes; if the write transaction is gone or undo fails, the whole transaction is lost. */
    private void undoStatement(Exception cause) {
        if (write == null) {
            return;
        }
        if (write.isOpen()) {
            try {
                context.rollbackStatement();
                return;
            } catch (IOException | RuntimeException undoFailure) {
                cause.addSuppressed(undoFailure);
                write.rollback();
            }
        }
        write = null;
        transactionSchema = null;
        closeRead();
        if (inTransaction()) {
            aborted = String.valueOf(cause.getMessage());
        }
    }

    private Schema schemaOf(Transaction transaction) throws IOException {
        if (transaction == write && transactionSchema != null) {
            return transactionSchema;
        }
        return database.schema(transaction, cookieBuffer, cookieCrc);
    }

    /** The schema this session sees now (its transaction's, or the newest committed). */
    public Schema currentSchema() throws SQLException {
        try {
            if (write != null) {
                return schemaOf(writerOnThisThread());
            }
            if (read != null) {
                return database.schema(read, cookieBuffer, cookieCrc);
            }
            try (ReadTransaction snapshot = database.engine().beginRead()) {
                return database.schema(snapshot, cookieBuffer, cookieCrc);
            }
        } catch (IOException e) {
            throw SqlErrors.io("cannot read the schema: " + e.getMessage(), e);
        }
    }

    private Transaction readTransaction() throws SQLException {
        if (write != null) {
            return writerOnThisThread();
        }
        if (read == null) {
            readStamp = database.readStamp();
            try {
                read = database.engine().beginRead();
            } catch (IllegalStateException e) {
                throw SqlErrors.io("database is closed", e);
            }
        }
        return read;
    }

    private WriteTransaction writeTransaction() throws SQLException, IOException {
        if (write != null) {
            return writerOnThisThread();
        }
        if (readOnly) {
            throw SqlErrors.readOnly();
        }
        WriteTransaction begun;
        try {
            begun = database.engine().beginWrite();
        } catch (IllegalStateException e) {
            throw new SQLException("database is locked: " + e.getMessage()
                    + " (another connection of this thread holds the write transaction)", "55P03", e);
        } catch (DatabaseFailedException e) {
            throw SqlErrors.io("the database stopped after an I/O error; reopen it: " + e.getMessage(), e);
        }
        if (read != null && inTransaction() && database.writeStamp() != readStamp) {
            begun.rollback();
            throw SqlErrors.serialization("another connection committed since this transaction's snapshot;"
                    + " roll back and retry");
        }
        closeRead();
        write = begun;
        return write;
    }

    /**
     * This session's write transaction, taken over by the calling thread: a connection may be used
     * by one thread after another within a transaction, and it always holds its current one (never
     * a reference past its end), which is what a reused writer asks of whoever hands it over
     * ({@link WriteTransaction#continueOnThisThread}). One that an engine error already ended is
     * returned as it is, for its next use to report.
     */
    private WriteTransaction writerOnThisThread() {
        if (write.isOpen()) {
            write.continueOnThisThread();
        }
        return write;
    }

    private void closeRead() {
        if (read != null) {
            read.close();
            read = null;
        }
    }

    private void endIfAutoCommit(boolean success) throws SQLException {
        if (inTransaction()) {
            return;
        }
        if (success && write != null) {
            commitWrite();
        } else {
            rollbackAll();
        }
    }

    private void commitWrite() throws SQLException {
        WriteTransaction w = writerOnThisThread();
        Schema after = transactionSchema;
        write = null;
        transactionSchema = null;
        try {
            database.commit(w, after);
        } catch (IOException | RuntimeException e) {
            throw SqlErrors.io("commit failed; it may or may not be durable, and the database refuses writes until"
                    + " reopened: " + e, e);
        }
    }

    private void rollbackAll() {
        if (write != null) {
            write.rollback();
            write = null;
        }
        transactionSchema = null;
        closeRead();
    }

    private void control(SqlParser.Control control) throws SQLException {
        switch (control) {
            case BEGIN:
                if (inTransaction()) {
                    throw SqlErrors.transactionState("cannot start a transaction within a transaction");
                }
                explicit = true;
                return;
            case COMMIT:
                if (!inTransaction()) {
                    throw SqlErrors.transactionState("cannot commit - no transaction is active");
                }
                commit();
                return;
            default:
                if (!inTransaction()) {
                    throw SqlErrors.transactionState("cannot rollback - no transaction is active");
                }
                rollback();
        }
    }

    /** Whether statements run inside a longer transaction (auto-commit off, or after BEGIN). */
    public boolean inTransaction() {
        return explicit || !autoCommit;
    }

    /** Commits the open transaction, if any. A transaction lost to an error reports that instead. */
    public void commit() throws SQLException {
        ensureOpen();
        explicit = false;
        if (aborted != null) {
            String why = aborted;
            aborted = null;
            rollbackAll();
            throw new SQLException("the transaction was rolled back earlier (" + why + "); nothing was committed", "40000");
        }
        try {
            if (write != null) {
                commitWrite();
            }
        } finally {
            rollbackAll();
        }
    }

    public void rollback() {
        explicit = false;
        aborted = null;
        rollbackAll();
    }

    public boolean autoCommit() {
        return autoCommit;
    }

    /** Switching auto-commit on commits an open transaction (as JDBC says). */
    public void setAutoCommit(boolean on) throws SQLException {
        ensureOpen();
        if (on && !autoCommit) {
            commit();
        }
        autoCommit = on;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean on) throws SQLException {
        ensureOpen();
        if (on && write != null) {
            throw SqlErrors.transactionState("cannot make a connection read-only inside a writing transaction");
        }
        readOnly = on;
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the connection is closed", "08003");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Rolls back anything open. */
    @Override
    public void close() {
        if (!closed) {
            rollback();
            closed = true;
        }
    }

    /**
     * {@code params} with every NaN bound as NULL, as SQLite's {@code sqlite3_bind_double} does and
     * the JDBC driver's setters do: the SQL layer never sees a NaN. The caller's array is left as it
     * is; a copy is made only when it holds a NaN, so the usual call allocates nothing.
     */
    static Object[] withoutNaN(Object[] params) {
        Object[] out = params;
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Double d && d.isNaN() || p instanceof Float f && f.isNaN()) {
                if (out == params) {
                    out = params.clone();
                }
                out[i] = null;
            }
        }
        return out;
    }
}
