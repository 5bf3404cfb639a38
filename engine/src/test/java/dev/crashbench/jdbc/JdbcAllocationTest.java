package dev.crashbench.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bytes the calling thread allocates per warm statement through the JDBC driver
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}), the way the bench's commit
 * workload calls it: a prepared one-row UPDATE in auto-commit, so each execution is one commit.
 * sqlite-jdbc allocates about 500 B per such commit; with {@code writer_reuse} this driver makes
 * no garbage but the boxes of integer parameters.
 *
 * <p>No timing. A fixed warm-up lets the JIT compile the path and the caches reach their size;
 * then the figure is the smallest of a few windows of many executions, with no checkpoint and no
 * WAL growth in them (the WAL is preallocated past them, the checkpoint interval is beyond them).
 * A path that allocates allocates in every window, while the JVM's own rare events on this thread
 * (a method deoptimized and run interpreted once, the WAL index doubling a frame list) land in
 * one. The bound has a margin over what the path allocates (see each test), not over noise.
 */
class JdbcAllocationTest {
    private static final int WARM_UP = 6_000;
    private static final int WINDOW = 2_000;
    private static final int WINDOWS = 4;
    /**
     * The target is what sqlite-jdbc allocates per commit of the same UPDATE (472 B in the
     * bench's last run). The path now makes nothing but the box of an integer parameter above 127
     * (16 B each, {@code Long.valueOf}), so the bound sits just above two of those: any object
     * made per statement again breaks it.
     */
    private static final double UPDATE_BOUND_BYTES = 64;
    /**
     * A point SELECT took 8,824 B while every statement decoded the engine's catalog (three times:
     * once to ask whether the schema table exists, once to open it, once for the table read); with
     * the catalog shared ({@code catalog.CatalogCache}) and b-tree nodes verified once per cached
     * image, 1,864 B. The bound sits between: a statement that decodes the catalog again breaks it.
     */
    private static final double SELECT_BOUND_BYTES = 2_560;
    private static final String NO_CHECKPOINT_IN_WINDOW = "?auto_checkpoint_frames=100000&wal_preallocated_frames=16000";
    private static final String REUSE = "&writer_reuse=true";

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeEach
    void needsAllocationCounting() {
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    }

    private long allocatedSoFar() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** One statement execution, checked so that a broken path cannot pass by doing nothing. */
    @FunctionalInterface
    private interface Execution {
        void run(int i) throws SQLException;
    }

    private double leastBytesPerExecution(Execution execution) throws SQLException {
        for (int i = 0; i < WARM_UP; i++) {
            execution.run(i);
        }
        long least = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS; window++) {
            long before = allocatedSoFar();
            for (int i = 0; i < WINDOW; i++) {
                execution.run(i);
            }
            least = Math.min(least, allocatedSoFar() - before);
        }
        return (double) least / WINDOW;
    }

    private static Connection open(String name, String options) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:crashbench:mem:" + name + NO_CHECKPOINT_IN_WINDOW + options);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)");
            s.execute("INSERT INTO t VALUES (1, 0), (2, 0)");
            s.execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO kv VALUES (1, 'value-b')");
        }
        return c;
    }

    /** {@code UPDATE t SET v = ? WHERE k = ?}, both parameters bound with setLong each time. */
    private double integerUpdate(String name, String options) throws SQLException {
        try (Connection c = open(name, options);
             PreparedStatement update = c.prepareStatement("UPDATE t SET v = ? WHERE k = ?")) {
            return leastBytesPerExecution(i -> {
                update.setLong(1, i);
                update.setLong(2, 1 + (i & 1));
                assertOneRow(update.executeUpdate());
            });
        }
    }

    /** The bench's commit workload: {@code UPDATE kv SET v = ? WHERE k = 1}, the text alternating. */
    private double textUpdate(String name, String options) throws SQLException {
        String[] values = {"value-a", "value-b"};
        try (Connection c = open(name, options);
             PreparedStatement update = c.prepareStatement("UPDATE kv SET v = ? WHERE k = 1")) {
            return leastBytesPerExecution(i -> {
                update.setString(1, values[i & 1]);
                assertOneRow(update.executeUpdate());
            });
        }
    }

    private static void assertOneRow(int changed) {
        if (changed != 1) {
            throw new AssertionError("the UPDATE changed " + changed + " rows, not 1");
        }
    }

    @Test
    void aWarmPreparedUpdateCommitAllocatesLessThanSqliteJdbcWithWriterReuse() throws SQLException {
        double integers = integerUpdate("alloc-int-on", REUSE);
        double text = textUpdate("alloc-text-on", REUSE);
        double integersOff = integerUpdate("alloc-int-off", "&writer_reuse=false&single_page_fast_path=false");
        System.out.printf("JDBC prepared one-row UPDATE in auto-commit, bytes allocated per commit:"
                + " integer parameters %.1f, text parameter %.1f (writer_reuse on); %.1f with it off%n",
                integers, text, integersOff);
        assertTrue(integers <= UPDATE_BOUND_BYTES, "integer UPDATE: " + integers + " B per commit");
        assertTrue(text <= UPDATE_BOUND_BYTES, "text UPDATE: " + text + " B per commit");
        assertTrue(integersOff > integers, "without writer_reuse each commit copies its page: " + integersOff);
    }

    @Test
    void theUpdatesReallyCommitted() throws SQLException {
        try (Connection c = open("alloc-check", REUSE);
             PreparedStatement update = c.prepareStatement("UPDATE t SET v = ? WHERE k = ?")) {
            for (int i = 0; i < 300; i++) {
                update.setLong(1, i);
                update.setLong(2, 1 + (i & 1));
                assertOneRow(update.executeUpdate());
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT k, v FROM t ORDER BY k")) {
                assertTrue(rs.next());
                assertEquals(298, rs.getLong(2));
                assertTrue(rs.next());
                assertEquals(299, rs.getLong(2));
            }
        }
    }

    /**
     * A point SELECT in auto-commit begins a snapshot each time; it finds its tables in the
     * catalog the opening shares, so what it allocates is the read transaction's own objects and
     * the SQL layer's (see {@link #SELECT_BOUND_BYTES}).
     */
    @Test
    void aWarmPreparedPointSelectStaysWithinItsBound() throws SQLException {
        try (Connection c = open("alloc-select", REUSE);
             PreparedStatement select = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
            double bytes = leastBytesPerExecution(i -> {
                select.setLong(1, 1);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next() || !"value-b".equals(rs.getString(1))) {
                        throw new AssertionError("the SELECT did not find its row");
                    }
                }
            });
            System.out.printf("JDBC prepared point SELECT, bytes allocated per execution: %.1f%n", bytes);
            assertTrue(bytes <= SELECT_BOUND_BYTES, "point SELECT: " + bytes + " B per execution");
        }
    }
}
