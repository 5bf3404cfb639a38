package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Bytes allocated per warm single-row update commit, by the committing thread
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}): none through the engine API
 * with {@code writer_reuse} on. No timing: a fixed number of warm-up commits, then fixed windows
 * of commits with no checkpoint and no WAL growth in them (the WAL is preallocated past them, the
 * checkpoint interval is beyond them), so a window holds nothing but the commit path. The figure
 * is the smallest of a few windows: a commit path that allocates allocates in every window, while
 * the JVM's own rare events on this thread (a deoptimized method running interpreted once, the
 * WAL index growing a page's frame list by doubling) land in one. The figure with the option
 * off is printed for the record; what a commit through JDBC allocates is
 * {@code dev.crashbench.jdbc.JdbcAllocationTest}'s.
 */
class CommitAllocationTest {
    private static final int WARM_UP = 6_000;
    private static final int WINDOW = 2_000;
    private static final int WINDOWS = 4;
    private static final EngineOptions NO_CHECKPOINT_IN_WINDOW = EngineOptions.baseline()
            .withAutoCheckpointFrames(100_000).withWalPreallocatedFrames(16_000);

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long allocatedSoFar() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void aWarmCommitThroughTheEngineApiAllocatesNothingWithWriterReuse() throws IOException {
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        double on = engineBytesPerCommit(NO_CHECKPOINT_IN_WINDOW.withOptimization(Optimization.WRITER_REUSE, true)
                .withOptimization(Optimization.SINGLE_PAGE_FAST_PATH, true));
        double reuseOnly = engineBytesPerCommit(NO_CHECKPOINT_IN_WINDOW.withOptimization(Optimization.WRITER_REUSE, true));
        double off = engineBytesPerCommit(NO_CHECKPOINT_IN_WINDOW);
        System.out.printf("engine API, bytes allocated per commit: off %.1f, writer_reuse %.1f,"
                + " writer_reuse + single_page_fast_path %.1f%n", off, reuseOnly, on);
        assertEquals(0.0, on, "bytes per commit, writer_reuse and single_page_fast_path on");
        assertEquals(0.0, reuseOnly, "bytes per commit, writer_reuse on");
        assertTrue(off > 4096, "without reuse each commit copies its page: " + off);
    }

    private double engineBytesPerCommit(EngineOptions options) throws IOException {
        try (Database db = Database.open(new MemoryVfs("alloc"), "db", options)) {
            try (WriteTransaction tx = db.beginWrite()) {
                Table t = tx.createTable("t");
                for (int k = 0; k < 100; k++) {
                    t.put(k, new byte[100]);
                }
                tx.commit();
            }
            byte[] value = new byte[100];
            for (int i = 0; i < WARM_UP; i++) {
                update(db, value, i);
            }
            long least = Long.MAX_VALUE;
            for (int window = 0; window < WINDOWS; window++) {
                long before = allocatedSoFar();
                for (int i = 0; i < WINDOW; i++) {
                    update(db, value, i);
                }
                least = Math.min(least, allocatedSoFar() - before);
            }
            assertEquals(0, db.events().get(EngineEvent.CHECKPOINT), "no checkpoint ran");
            return (double) least / WINDOW;
        }
    }

    private static void update(Database db, byte[] value, int i) throws IOException {
        value[0] = (byte) i;
        try (WriteTransaction tx = db.beginWrite()) {
            tx.table("t").put(7, value);
            tx.commit();
        }
    }
}
