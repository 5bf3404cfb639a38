package dev.crashbench.bench.measure;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, from {@code com.sun.management.ThreadMXBean}; the
 * difference around a timed loop, divided by its operations, is the allocation per operation.
 */
final class Allocations {
    private final com.sun.management.ThreadMXBean threads;

    Allocations() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean sun = bean instanceof com.sun.management.ThreadMXBean
                ? (com.sun.management.ThreadMXBean) bean : null;
        this.threads = sun != null && sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled()
                ? sun : null;
    }

    /** Bytes allocated so far by this thread, or -1 when the JVM cannot tell. */
    long now() {
        return threads == null ? -1 : threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes per operation between two readings of {@link #now()}, NaN when unknown. */
    static double perOp(long before, long after, long ops) {
        return before < 0 || after < 0 ? Double.NaN : (double) (after - before) / ops;
    }
}
