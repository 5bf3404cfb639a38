package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crashbench.engine.btree.Cursor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Handles (tables, cursors) must not outlive what they were taken from. */
class TransactionLifecycleTest {

    @Test
    void aTableHandleIsUnusableAfterItsTransactionEnds() throws IOException {
        try (Database db = TestDb.fresh("handle-after-end").open()) {
            put(db, "t", 1, bytes("x"));
            ReadTransaction r = db.beginRead();
            Table read = r.table("t");
            r.close();
            assertThrows(IllegalStateException.class, () -> read.get(1));
            assertThrows(IllegalStateException.class, read::count);
            assertThrows(IllegalStateException.class, () -> read.scan());
        }
    }

    /**
     * A handle taken before {@code dropTable} points at the dropped tree's root page; the free list
     * hands that page to the next table created, and the stale handle then writes into it.
     */
    @Test
    void aTableHandleIsUnusableAfterItsTableIsDropped() throws IOException {
        try (Database db = TestDb.fresh("handle-after-drop").open()) {
            put(db, "a", 1, bytes("a1"));
            try (WriteTransaction w = db.beginWrite()) {
                Table a = w.table("a");
                w.dropTable("a");
                w.createTable("b").put(5, bytes("b5"));
                assertThrows(IllegalStateException.class, () -> a.put(2, bytes("into a dropped table")));
                assertEquals(Map.of(5L, "b5"), rows(w, "b"), "table b must hold only its own row");
            }
        }
    }

    /**
     * A cursor keeps reading through the snapshot of a transaction that has ended. The snapshot is
     * no longer registered, so checkpoints and WAL resets go ahead under it, and the cursor returns
     * rows committed after its snapshot (here every row of a later version) without any error.
     */
    @Test
    void aCursorIsUnusableAfterItsTransactionEnds() throws IOException {
        try (Database db = TestDb.fresh("cursor-after-end").open()) {
            for (int k = 0; k < 300; k++) {
                put(db, "t", k, bytes("old " + k + "x".repeat(50)));
            }
            ReadTransaction r = db.beginRead();
            Cursor cursor = r.table("t").scan();
            cursor.next();
            r.close();
            try (WriteTransaction w = db.beginWrite()) {
                for (int k = 0; k < 300; k++) {
                    w.table("t").put(k, bytes("new " + k + "x".repeat(50)));
                }
                w.commit();
            }
            db.checkpoint();
            assertThrows(IllegalStateException.class, cursor::next);
        }
    }
}
