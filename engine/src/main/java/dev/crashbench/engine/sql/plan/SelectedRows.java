package dev.crashbench.engine.sql.plan;

import java.util.Arrays;

/**
 * The rows an UPDATE or DELETE selected, all read before it changes any: copies of the combined
 * row, kept in arrays that the next statement of the session reuses, so that selecting one row
 * again and again makes no garbage. Read only between {@link #clear} and the next clear.
 */
final class SelectedRows {
    private Object[][] rows = new Object[1][];
    private int size;

    /** Forgets the rows (their arrays stay, emptied, for the next statement). */
    void clear() {
        for (int i = 0; i < size; i++) {
            Arrays.fill(rows[i], null);
        }
        size = 0;
    }

    /** Appends a copy of {@code row}. */
    void add(Object[] row) {
        if (size == rows.length) {
            rows = Arrays.copyOf(rows, size * 2);
        }
        Object[] copy = rows[size];
        if (copy == null || copy.length != row.length) {
            copy = new Object[row.length];
            rows[size] = copy;
        }
        System.arraycopy(row, 0, copy, 0, row.length);
        size++;
    }

    int size() {
        return size;
    }

    /** The {@code i}th row selected; valid until {@link #clear}. */
    Object[] get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size + " rows");
        }
        return rows[i];
    }
}
