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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution of a statement: its transaction, schema and parameters, table and key-set
 * handles opened once per execution, and, for a writing statement, the undo log that makes the
 * statement atomic inside its transaction.
 *
 * <p><b>Statement-level rollback.</b> Every change a statement makes is logged with what it
 * replaced (a row's old bytes or its absence, a key added or removed, a tree created). When the
 * statement fails with an SQL error (a constraint, a type error) after changing something, the
 * log is replayed backwards, so the transaction is left exactly as before the statement and
 * stays usable. An I/O error is different: the engine rolls the whole transaction back.
 */
public final class ExecContext {
    private final Transaction transaction;
    private final Schema schema;
    private final Object[] params;
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
    private final List<Undo> undo = new ArrayList<>();
    private Schema changedSchema;

    private interface Undo {
        void apply() throws IOException;
    }

    public ExecContext(Transaction transaction, Schema schema, Object[] params) {
        this.transaction = transaction;
        this.schema = schema;
        this.params = params;
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
        String name = def.treeName();
        Table t = tables == null ? null : tables.get(name);
        if (t == null) {
            t = transaction.table(name);
            if (lastDef != null) {
                tables().put(lastDef.treeName(), lastTable);
                tables().put(name, t);
            }
        }
        lastDef = def;
        lastTable = t;
        return t;
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
                undo.add(() -> w.dropTable(SchemaCodec.TREE));
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

    Object[] decode(TableDef def, long rowId, byte[] bytes) throws IOException {
        Object[] values = RowCodec.decode(bytes, def.columnCount(), "table " + def.name() + " row " + rowId);
        if (def.primaryKey() >= 0) {
            values[def.primaryKey()] = rowId;
        }
        return values;
    }

    // ---- logged changes ----

    void putRow(TableDef def, long rowId, Object[] values) throws IOException {
        Object[] stored = values.clone();
        if (def.primaryKey() >= 0) {
            stored[def.primaryKey()] = null;
        }
        Table t = table(def);
        byte[] old = t.get(rowId);
        t.put(rowId, RowCodec.encode(stored));
        undo.add(() -> restore(t, rowId, old));
    }

    void deleteRow(TableDef def, long rowId) throws IOException {
        Table t = table(def);
        byte[] old = t.get(rowId);
        if (old != null) {
            t.delete(rowId);
            undo.add(() -> restore(t, rowId, old));
        }
    }

    void putSchema(long key, byte[] value) throws IOException {
        Table t = schemaTable();
        byte[] old = t.get(key);
        t.put(key, value);
        undo.add(() -> restore(t, key, old));
    }

    void deleteSchema(long key) throws IOException {
        Table t = schemaTable();
        byte[] old = t.get(key);
        if (old != null) {
            t.delete(key);
            undo.add(() -> restore(t, key, old));
        }
    }

    private static void restore(Table t, long key, byte[] old) throws IOException {
        if (old == null) {
            t.delete(key);
        } else {
            t.put(key, old);
        }
    }

    void addKey(IndexDef def, byte[] key) throws IOException {
        KeySet k = keySet(def);
        if (k.add(key)) {
            undo.add(() -> k.remove(key));
        }
    }

    void removeKey(IndexDef def, byte[] key) throws IOException {
        KeySet k = keySet(def);
        if (k.remove(key)) {
            undo.add(() -> k.add(key));
        }
    }

    void createTableTree(String name) throws IOException {
        WriteTransaction w = writer();
        w.createTable(name);
        undo.add(() -> w.dropTable(name));
    }

    void createKeySetTree(String name) throws IOException {
        WriteTransaction w = writer();
        w.createKeySet(name);
        undo.add(() -> w.dropKeySet(name));
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
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).apply();
        }
        undo.clear();
    }
}
