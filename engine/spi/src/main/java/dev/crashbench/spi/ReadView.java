package dev.crashbench.spi;

import java.io.IOException;
import java.util.SortedMap;

/**
 * A consistent read-only view of the committed key space, as of when it began, that stays the
 * same while commits and checkpoints go on ({@link EngineSession#beginRead()}). Closing it never
 * writes.
 */
public interface ReadView extends AutoCloseable {
    /** The value of {@code key} in this view, or null when absent (or when the key space is absent). */
    byte[] get(long key) throws IOException;

    /** Every key and value in this view, in key order; null when the key space was never created. */
    SortedMap<Long, byte[]> readAll() throws IOException;

    @Override
    void close();

    /**
     * A view of {@code rows}, a copy of the key space held in memory that no later commit changes
     * ({@code null}: the key space is absent); closing it releases nothing. For engines whose
     * snapshot is such a copy.
     */
    static ReadView of(SortedMap<Long, byte[]> rows) {
        return new ReadView() {
            @Override
            public byte[] get(long key) {
                return rows == null ? null : rows.get(key);
            }

            @Override
            public SortedMap<Long, byte[]> readAll() {
                return rows;
            }

            @Override
            public void close() {
            }
        };
    }
}
