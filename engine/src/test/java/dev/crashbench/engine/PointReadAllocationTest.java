package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Bytes allocated per warm point read through the engine API, a read transaction each (the way an
 * auto-commit SELECT reads): {@code beginRead}, {@code table}, {@code get} into a kept buffer,
 * {@code close}. Measured as {@link CommitAllocationTest} measures commits: the least of a few
 * windows after a fixed warm-up, no timing.
 *
 * <p>What is left is the transaction's own objects (the snapshot and its registration, the page
 * access and its checksum scratch, the table handle and its tree's descent path): 584 B when this
 * was written. Before the catalog was shared ({@code catalog.CatalogCache}) each {@code table} call
 * decoded it, more bytes with every table in it, and each tree made a 528 B scratch bitmap to
 * verify leaves that are now verified once per cached image: 3,128 B per read with the four tables
 * here, which the bound rejects.
 */
class PointReadAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int WINDOW = 5_000;
    private static final int WINDOWS = 4;
    private static final double BOUND_BYTES = 1_024;
    private static final int ROWS = 5_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long allocatedSoFar() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void aWarmPointReadAllocatesOnlyItsTransactionsObjects() throws IOException {
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        try (Database db = Database.open(new MemoryVfs("point-read"), "db", EngineOptions.defaults())) {
            try (WriteTransaction w = db.beginWrite()) {
                for (String other : new String[] {"a", "b", "c"}) {
                    w.createTable(other).put(1, new byte[8]);
                }
                Table t = w.createTable("t");
                for (int k = 0; k < ROWS; k++) {
                    byte[] value = new byte[40];
                    value[0] = (byte) k;
                    t.put(k, value);
                }
                w.commit();
            }
            byte[] buffer = new byte[64];
            for (int i = 0; i < WARM_UP; i++) {
                read(db, i % ROWS, buffer);
            }
            long least = Long.MAX_VALUE;
            for (int window = 0; window < WINDOWS; window++) {
                long before = allocatedSoFar();
                for (int i = 0; i < WINDOW; i++) {
                    read(db, (i * 7919) % ROWS, buffer);
                }
                least = Math.min(least, allocatedSoFar() - before);
            }
            double perRead = (double) least / WINDOW;
            System.out.printf("engine API point read in its own read transaction, bytes allocated per read: %.1f%n", perRead);
            assertTrue(perRead <= BOUND_BYTES, "point read: " + perRead + " B");
        }
    }

    /** Reads row {@code key} and checks it: a broken read cannot pass by finding nothing. */
    private static void read(Database db, int key, byte[] buffer) throws IOException {
        try (ReadTransaction r = db.beginRead()) {
            assertEquals(40, r.table("t").get(key, buffer, 0));
            if (buffer[0] != (byte) key) {
                throw new AssertionError("row " + key + " read wrong");
            }
        }
    }
}
