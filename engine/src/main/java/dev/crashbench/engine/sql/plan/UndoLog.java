package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.KeySet;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import java.io.IOException;
import java.util.Arrays;

/**
 * What one statement changed, each change with what it replaced, so that a statement failing
 * halfway can be undone newest first ({@link ExecContext#rollbackStatement}). Entries are kept in
 * parallel arrays that a session reuses from statement to statement: logging a change allocates
 * nothing once the arrays have grown to the statement's size (a lambda per change would capture
 * the row's key and old bytes in a new object every time).
 */
final class UndoLog {
    /** Put {@code bytes} back under {@code key} of the table, or delete the key when bytes is null. */
    private static final byte RESTORE_ROW = 0;
    /** Remove the index key {@code bytes} from the key set (the statement added it). */
    private static final byte REMOVE_KEY = 1;
    /** Add the index key {@code bytes} back to the key set (the statement removed it). */
    private static final byte ADD_KEY = 2;
    /** Drop the table named {@code name} (the statement created it). */
    private static final byte DROP_TABLE = 3;
    /** Drop the key set named {@code name} (the statement created it). */
    private static final byte DROP_KEY_SET = 4;

    private static final int INITIAL_CAPACITY = 8;

    private byte[] kinds = new byte[INITIAL_CAPACITY];
    /** The table, key set or write transaction each change was made through. */
    private Object[] targets = new Object[INITIAL_CAPACITY];
    private long[] keys = new long[INITIAL_CAPACITY];
    /** A row's old bytes, an index key, or a tree name, as the kind says. */
    private Object[] payloads = new Object[INITIAL_CAPACITY];
    private int size;

    void rowReplaced(Table table, long key, byte[] oldBytesOrNull) {
        add(RESTORE_ROW, table, key, oldBytesOrNull);
    }

    void keyAdded(KeySet keySet, byte[] key) {
        add(REMOVE_KEY, keySet, 0, key);
    }

    void keyRemoved(KeySet keySet, byte[] key) {
        add(ADD_KEY, keySet, 0, key);
    }

    void tableCreated(WriteTransaction writer, String name) {
        add(DROP_TABLE, writer, 0, name);
    }

    void keySetCreated(WriteTransaction writer, String name) {
        add(DROP_KEY_SET, writer, 0, name);
    }

    private void add(byte kind, Object target, long key, Object payload) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            targets = Arrays.copyOf(targets, capacity);
            keys = Arrays.copyOf(keys, capacity);
            payloads = Arrays.copyOf(payloads, capacity);
        }
        kinds[size] = kind;
        targets[size] = target;
        keys[size] = key;
        payloads[size] = payload;
        size++;
    }

    /** Undoes every logged change, newest first, then forgets them. */
    void undoAll() throws IOException {
        while (size > 0) {
            int i = size - 1;
            undo(kinds[i], targets[i], keys[i], payloads[i]);
            size = i;
            targets[i] = null;
            payloads[i] = null;
        }
    }

    private static void undo(byte kind, Object target, long key, Object payload) throws IOException {
        switch (kind) {
            case RESTORE_ROW -> {
                Table table = (Table) target;
                if (payload == null) {
                    table.delete(key);
                } else {
                    table.put(key, (byte[]) payload);
                }
            }
            case REMOVE_KEY -> ((KeySet) target).remove((byte[]) payload);
            case ADD_KEY -> ((KeySet) target).add((byte[]) payload);
            case DROP_TABLE -> ((WriteTransaction) target).dropTable((String) payload);
            case DROP_KEY_SET -> ((WriteTransaction) target).dropKeySet((String) payload);
            default -> throw new IllegalStateException("undo entry of unknown kind " + kind);
        }
    }

    /** Forgets every entry without undoing it (the statement succeeded), dropping the references it held. */
    void clear() {
        Arrays.fill(targets, 0, size, null);
        Arrays.fill(payloads, 0, size, null);
        size = 0;
    }
}
