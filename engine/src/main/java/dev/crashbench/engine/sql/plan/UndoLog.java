package dev.crashbench.engine.sql.plan;

import dev.crashbench.engine.KeySet;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import java.io.IOException;
import java.util.Arrays;

/**
 * What one statement changed, each change with what it replaced, so that a statement failing
 * halfway can be undone newest first ({@link ExecContext#rollbackStatement}). Entries are kept in
 * parallel arrays, and the rows they replaced in one byte arena, that a session reuses from
 * statement to statement: logging a change allocates nothing once they have grown to the
 * statement's size (a lambda per change would capture the row's key and old bytes in a new object
 * every time, and reading the old row would make an array for it).
 */
final class UndoLog {
    /** Put the saved row back under {@code key} of the table, or delete the key when none was saved. */
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
    private static final int INITIAL_ARENA_BYTES = 256;
    /** An arena grown past this by one large statement is let go when the statement ends. */
    private static final int KEPT_ARENA_BYTES = 1 << 20;
    /** The length logged for a row that was absent. */
    private static final int ABSENT = -1;

    private byte[] kinds = new byte[INITIAL_CAPACITY];
    /** The table, key set or write transaction each change was made through. */
    private Object[] targets = new Object[INITIAL_CAPACITY];
    private long[] keys = new long[INITIAL_CAPACITY];
    /** An index key or a tree name, as the kind says. */
    private Object[] payloads = new Object[INITIAL_CAPACITY];
    /** Where a saved row's bytes are in the arena, and how many ({@link #ABSENT}: there was no row). */
    private int[] offsets = new int[INITIAL_CAPACITY];
    private int[] lengths = new int[INITIAL_CAPACITY];
    private byte[] arena = new byte[INITIAL_ARENA_BYTES];
    private int arenaUsed;
    private int size;

    /**
     * Saves the row now stored under {@code key} before the caller replaces or deletes it; an
     * absent row is logged only when {@code logAbsent} (undoing it then deletes what the caller
     * put). Returns whether a row was there.
     */
    boolean saveRow(Table table, long key, boolean logAbsent) throws IOException {
        int length = table.get(key, arena, arenaUsed);
        if (length > arena.length - arenaUsed) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
            length = table.get(key, arena, arenaUsed);
        }
        if (length == ABSENT && !logAbsent) {
            return false;
        }
        add(RESTORE_ROW, table, key, null);
        offsets[size - 1] = arenaUsed;
        lengths[size - 1] = length;
        if (length > 0) {
            arenaUsed += length;
        }
        return length != ABSENT;
    }

    /** Logs that the caller stored a row under {@code key} where there was none (undoing it deletes the row). */
    void rowInserted(Table table, long key) {
        add(RESTORE_ROW, table, key, null);
        lengths[size - 1] = ABSENT;
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
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
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
            undo(i);
            size = i;
            targets[i] = null;
            payloads[i] = null;
        }
        arenaUsed = 0;
    }

    private void undo(int i) throws IOException {
        Object target = targets[i];
        Object payload = payloads[i];
        switch (kinds[i]) {
            case RESTORE_ROW -> {
                Table table = (Table) target;
                if (lengths[i] == ABSENT) {
                    table.delete(keys[i]);
                } else {
                    // The failure path only: the tree takes a value of exactly its length.
                    table.put(keys[i], Arrays.copyOfRange(arena, offsets[i], offsets[i] + lengths[i]));
                }
            }
            case REMOVE_KEY -> ((KeySet) target).remove((byte[]) payload);
            case ADD_KEY -> ((KeySet) target).add((byte[]) payload);
            case DROP_TABLE -> ((WriteTransaction) target).dropTable((String) payload);
            case DROP_KEY_SET -> ((WriteTransaction) target).dropKeySet((String) payload);
            default -> throw new IllegalStateException("undo entry of unknown kind " + kinds[i]);
        }
    }

    /** Forgets every entry without undoing it (the statement succeeded), dropping the references it held. */
    void clear() {
        Arrays.fill(targets, 0, size, null);
        Arrays.fill(payloads, 0, size, null);
        size = 0;
        arenaUsed = 0;
        if (arena.length > KEPT_ARENA_BYTES) {
            arena = new byte[INITIAL_ARENA_BYTES];
        }
    }
}
