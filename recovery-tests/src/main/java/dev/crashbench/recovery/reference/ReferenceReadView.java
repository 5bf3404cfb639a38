package dev.crashbench.recovery.reference;

import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.spi.ReadView;
import java.io.IOException;
import java.util.SortedMap;
import java.util.TreeMap;

/** A read transaction of the reference engine seen as a {@link ReadView} of the table {@link ReferenceSession#TABLE}. */
final class ReferenceReadView implements ReadView {
    private final ReadTransaction read;

    ReferenceReadView(ReadTransaction read) {
        this.read = read;
    }

    @Override
    public byte[] get(long key) throws IOException {
        return read.hasTable(ReferenceSession.TABLE) ? read.table(ReferenceSession.TABLE).get(key) : null;
    }

    @Override
    public SortedMap<Long, byte[]> readAll() throws IOException {
        if (!read.hasTable(ReferenceSession.TABLE)) {
            return null;
        }
        SortedMap<Long, byte[]> rows = new TreeMap<>();
        Cursor cursor = read.table(ReferenceSession.TABLE).scan();
        while (cursor.next()) {
            rows.put(cursor.key(), cursor.value());
        }
        return rows;
    }

    @Override
    public void close() {
        read.close();
    }
}
