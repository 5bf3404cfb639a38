package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.KeySet;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.Transaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.sql.RowCodec;
import dev.crashbench.engine.sql.schema.IndexDef;
import dev.crashbench.engine.sql.schema.Schema;
import dev.crashbench.engine.sql.schema.SchemaCodec;
import dev.crashbench.engine.sql.schema.TableDef;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The execution of a statement: its transaction, schema and parameters, table and key-set
 * handles opened once per execution, and, for a writing statement, the undo log that makes the
 * statement atomic inside its transaction.
 *
 * <p><b>One per session, reused.</b> A session runs one statement at a time, so it keeps one
 * context and {@link #begin begins} it for each statement and {@link #end ends} it after: the undo
 * log's arrays, the handle maps, the checksum and the row scratch below are kept from statement
 * to statement, which is what lets a warm one-row statement run without making garbage. Nothing a
 * statement returns to its caller is ever scratch. Per-execution state kept elsewhere (a hash
 * join's table) compares {@link #execution} to tell executions apart.
 *
 * <p><b>Statement-level rollback.</b> Every change a statement makes is logged with what it
 * replaced (a row's old bytes or its absence, a key added or removed, a tree created). When the
 * statement fails with an SQL error (a constraint, a type error) after changing something, the
 * log is replayed backwards, so the transaction is left exactly as before the statement and
 * stays usable. An I/O error is different: the engine rolls the whole transaction back.
 */
public final class ExecContext {
    private static final Object[] NO_PARAMS = new Object[0];
    private static final int INITIAL_FETCH_BYTES = 256;
    /** A row buffer grown past this by one statement is let go when the statement ends. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private Transaction transaction;
    private Schema schema;
    private Object[] params = NO_PARAMS;
    private long execution;
    /** Handles by tree name, made when a statement uses a second tree (null until then). */
    private Map<String, Table> tables;
    private Map<String, KeySet> keySets;
    /**
     * The table definition {@link #table} was last asked for and its handle: most statements use
     * one table, and then each row it touches finds the handle without building its tree name,
     * and the statement needs no map at all.
     */
    private TableDef lastDef;
    private Table lastTable;
    /**
     * The tree name of a table definition, kept across statements: a definition belongs to a
     * cached schema, so the next statement on the same table finds its name without building it.
     */
    private TableDef namedDef;
    private String namedTree;
    private final UndoLog undo = new UndoLog();
    private Schema changedSchema;
    /** Checks and checksums the rows this context decodes and encodes. */
    private final CRC32C rowCrc = new CRC32C();
    /** Scratch a row is encoded into before it is stored (the tree copies it); grown to the row's exact size. */
    private byte[] encoded = new byte[0];
    /** Where {@link #fetch} copies a row out of its page; grown to the longest row fetched. */
    private byte[] fetched = new byte[INITIAL_FETCH_BYTES];
    /** Scratch rows of the statement running: see {@link #scratch}. */
    private Object[][] scratch = new Object[Scratch.values().length][];
    private final SelectedRows selected = new SelectedRows();

    /** The scratch rows a statement may use, each at most once at a time. */
    enum Scratch {
        /** A row as decoded by an access path, copied by its consumer at once. */
        DECODED,
        /** The combined row (every source's columns and row id) an UPDATE or DELETE filters. */
        COMBINED,
        /** An UPDATE's old row values. */
        OLD,
        /** An UPDATE's or INSERT's new row values, before conformance. */
        NEXT,
        /** A row after column affinities and checks, as it will be stored. */
        CONFORMED,
        /** A row as stored: the key column emptied. */
        STORED,
        /** The GROUP BY values of one joined row, looked up among the groups (copied for a new group). */
        GROUP_KEY
    }

    /** Starts a statement's execution in {@code transaction}; the previous one must have ended. */
    public void begin(Transaction transaction, Schema schema, Object[] params) {
        this.transaction = transaction;
        this.schema = schema;
        this.params = params;
        this.execution++;
        this.changedSchema = null;
        forgetHandles();
        undo.clear();
    }

    /**
     * Starts the next parameter set of a batch in the execution {@link #begin} started: a new
     * execution with {@code params} and an empty undo log (the sets before it succeeded and keep
     * their changes), keeping the table and key-set handles, which the statement's plan uses
     * again. Only for a statement that changes rows only, never the schema.
     */
    public void next(Object[] params) {
        this.params = params;
        this.execution++;
        undo.clear();
    }

    /** Ends the statement's execution, dropping what it referred to (its undo log included). */
    public void end() {
        transaction = null;
        schema = null;
        params = NO_PARAMS;
        forgetHandles();
        undo.clear();
        selected.clear();
        for (Object[] row : scratch) {
            if (row != null) {
                Arrays.fill(row, null);
            }
        }
        if (fetched.length > KEPT_BUFFER_BYTES) {
            fetched = new byte[INITIAL_FETCH_BYTES]; // one huge row does not stay with the session
        }
        if (encoded.length > KEPT_BUFFER_BYTES) {
            encoded = new byte[0];
        }
    }

    /** The rows the running UPDATE or DELETE selected; emptied when it ends. */
    SelectedRows selectedRows() {
        return selected;
    }

    private void forgetHandles() {
        lastDef = null;
        lastTable = null;
        if (tables != null) {
            tables.clear();
        }
        if (keySets != null) {
            keySets.clear();
        }
    }

    /** Which execution is running: a count of {@link #begin} calls. */
    long execution() {
        return execution;
    }

    public Schema schema() {
        return schema;
    }

    /** Set by a DDL statement: the schema after it, for the rest of the transaction. */
    void setSchema(Schema after) {
        changedSchema = after;
    }

    /** The schema a DDL statement left, or null when the statement changed none. */
    public Schema changedSchema() {
        return changedSchema;
    }

    Object[] params() {
        return params;
    }

    Transaction transaction() {
        return transaction;
    }

    WriteTransaction writer() {
        if (transaction instanceof WriteTransaction) {
            return (WriteTransaction) transaction;
        }
        throw new IllegalStateException("a writing statement runs in a read transaction");
    }

    Table table(TableDef def) throws IOException {
        if (def == lastDef) {
            return lastTable;
        }
        String name = treeName(def);
        Table t = tables == null ? null : tables.get(name);
        if (t == null) {
            t = transaction.table(name);
            if (lastDef != null) {
                tables().put(treeName(lastDef), lastTable);
                tables().put(name, t);
            }
        }
        lastDef = def;
        lastTable = t;
        return t;
    }

    private String treeName(TableDef def) {
        if (def != namedDef) {
            namedTree = def.treeName();
            namedDef = def;
        }
        return namedTree;
    }

    private Map<String, Table> tables() {
        if (tables == null) {
            tables = new HashMap<>(4);
        }
        return tables;
    }

    Table schemaTable() throws IOException {
        Table t = tables().get(SchemaCodec.TREE);
        if (t == null) {
            if (!transaction.hasTable(SchemaCodec.TREE)) {
                WriteTransaction w = writer();
                t = w.createTable(SchemaCodec.TREE);
                undo.tableCreated(w, SchemaCodec.TREE);
            } else {
                t = transaction.table(SchemaCodec.TREE);
            }
            tables().put(SchemaCodec.TREE, t);
        }
        return t;
    }

    KeySet keySet(IndexDef def) throws IOException {
        if (keySets == null) {
            keySets = new HashMap<>(4);
        }
        KeySet k = keySets.get(def.treeName());
        if (k == null) {
            k = transaction.keySet(def.treeName());
            keySets.put(def.treeName(), k);
        }
        return k;
    }

    /** The row stored under {@code rowId} with the row id in its key column, or null. */
    Object[] readRow(TableDef def, long rowId) throws IOException {
        byte[] bytes = table(def).get(rowId);
        return bytes == null ? null : decode(def, rowId, bytes);
    }

    /** A stored row's values in a new array, with the row id in its key column. */
    Object[] decode(TableDef def, long rowId, byte[] bytes) throws IOException {
        return decodeInto(def, rowId, bytes, bytes.length, new Object[def.columnCount()], null);
    }

    /**
     * Reads the row stored under {@code rowId} into this context's fetch buffer, valid until the
     * next fetch; returns its length, or -1 when there is none. A point lookup thus copies the row
     * out of its page without a new array.
     */
    int fetch(TableDef def, long rowId) throws IOException {
        Table t = table(def);
        int length = t.get(rowId, fetched, 0);
        if (length > fetched.length) {
            fetched = new byte[Math.max(length, fetched.length * 2)];
            length = t.get(rowId, fetched, 0);
        }
        return length;
    }

    /** {@link #decodeScratch} of the row the last {@link #fetch} read, {@code length} bytes. */
    Object[] decodeFetched(TableDef def, long rowId, int length, boolean[] skip) throws IOException {
        return decodeInto(def, rowId, fetched, length, scratch(Scratch.DECODED, def.columnCount()), skip);
    }

    /**
     * A stored row's values in this context's {@link Scratch#DECODED} row, valid until the next
     * decode: for an access path whose consumer copies the values at once. Columns {@code skip}
     * marks (null: none) are left null, and made into no object.
     */
    Object[] decodeScratch(TableDef def, long rowId, byte[] bytes, boolean[] skip) throws IOException {
        return decodeInto(def, rowId, bytes, bytes.length, scratch(Scratch.DECODED, def.columnCount()), skip);
    }

    private Object[] decodeInto(TableDef def, long rowId, byte[] bytes, int length, Object[] values, boolean[] skip)
            throws IOException {
        RowCodec.decode(bytes, length, values, skip, rowCrc, def.name(), rowId);
        if (def.primaryKey() >= 0) {
            values[def.primaryKey()] = rowId;
        }
        return values;
    }

    /**
     * This context's scratch row {@code which}, of exactly {@code width} entries (their contents
     * are whatever its last user left). A scratch row is never returned to the statement's caller.
     */
    Object[] scratch(Scratch which, int width) {
        Object[] row = scratch[which.ordinal()];
        if (row == null || row.length != width) {
            row = new Object[width];
            scratch[which.ordinal()] = row;
        }
        return row;
    }

    // ---- logged changes ----

    /** Stores a row (its key column is not stored: the key is the row id) and logs what it replaced. */
    void putRow(TableDef def, long rowId, Object[] values) throws IOException {
        Table t = table(def);
        encode(def, values);
        undo.saveRow(t, rowId, true);
        t.put(rowId, encoded); // the tree copies the bytes, so the scratch is free again at once
    }

    /**
     * Stores a new row as {@link #putRow} does, unless the table already holds {@code rowId}:
     * returns false then, having changed nothing. One descent of the tree instead of a lookup, the
     * undo log's read of the old row and the put.
     */
    boolean insertRow(TableDef def, long rowId, Object[] values) throws IOException {
        Table t = table(def);
        encode(def, values);
        if (!t.insert(rowId, encoded)) {
            return false;
        }
        undo.rowInserted(t, rowId);
        return true;
    }

    /** Encodes a row to be stored into {@link #encoded}, its key column left out. */
    private void encode(TableDef def, Object[] values) {
        Object[] stored = scratch(Scratch.STORED, values.length);
        System.arraycopy(values, 0, stored, 0, values.length);
        if (def.primaryKey() >= 0) {
            stored[def.primaryKey()] = null;
        }
        int size = RowCodec.encodedSize(stored);
        if (encoded.length != size) {
            encoded = new byte[size];
        }
        RowCodec.encode(stored, encoded, rowCrc);
        Arrays.fill(stored, null);
    }

    void deleteRow(TableDef def, long rowId) throws IOException {
        Table t = table(def);
        if (undo.saveRow(t, rowId, false)) {
            t.delete(rowId);
        }
    }

    void putSchema(long key, byte[] value) throws IOException {
        Table t = schemaTable();
        undo.saveRow(t, key, true);
        t.put(key, value);
    }

    void deleteSchema(long key) throws IOException {
        Table t = schemaTable();
        if (undo.saveRow(t, key, false)) {
            t.delete(key);
        }
    }

    void addKey(IndexDef def, byte[] key) throws IOException {
        KeySet k = keySet(def);
        if (k.add(key)) {
            undo.keyAdded(k, key);
        }
    }

    void removeKey(IndexDef def, byte[] key) throws IOException {
        KeySet k = keySet(def);
        if (k.remove(key)) {
            undo.keyRemoved(k, key);
        }
    }

    void createTableTree(String name) throws IOException {
        WriteTransaction w = writer();
        w.createTable(name);
        undo.tableCreated(w, name);
    }

    void createKeySetTree(String name) throws IOException {
        WriteTransaction w = writer();
        w.createKeySet(name);
        undo.keySetCreated(w, name);
    }

    /** Drops a tree. Not undoable: a statement drops trees only after everything that can fail. */
    void dropTree(String name, boolean keySet) throws IOException {
        WriteTransaction w = writer();
        if (tables != null) {
            tables.remove(name);
        }
        if (keySets != null) {
            keySets.remove(name);
        }
        lastDef = null;
        lastTable = null;
        boolean dropped = keySet ? w.dropKeySet(name) : w.dropTable(name);
        if (!dropped) {
            throw new IllegalStateException("the schema names tree " + name + " but the catalog has none");
        }
    }

    /** Undoes every logged change, newest first, leaving the transaction as before the statement. */
    public void rollbackStatement() throws IOException {
        undo.undoAll();
    }
}
