package dev.crashbench.bench;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the bench measures, each through JDBC except the floor's commit. {@link #SIZE} is not run on
 * its own: the insert workload measures it once its transaction is durable and its connection closed.
 */
public enum Workload {
    /** One-row UPDATE in auto-commit: the latency of a durable commit. */
    COMMIT("commit latency", "µs"),
    /** Prepared point SELECT by primary key. */
    READ("point read", "µs"),
    /** A batched insert in one transaction: rows per second, the commit included. */
    INSERT("batch insert", "rows/s"),
    /** A two-table join with GROUP BY and SUM. */
    JOIN("join + GROUP BY", "µs"),
    /** The database's files after the insert workload. */
    SIZE("database size after the insert", "bytes"),
    /**
     * The optimization plan's own protocol: a fresh database with one row, no warm-up, then timed
     * one-row UPDATEs in auto-commit (1,000 in the standard profile), so the WAL grows from empty.
     */
    PROTOCOL("plan protocol: fresh database, no warm-up", "µs"),
    /** 1, 4 and 8 writer threads, each committing one-row UPDATEs to its own row: durable commits/s and latency. */
    CONCURRENT("concurrent writers", "commits/s"),
    /** One-row commits through the reference engine's own API (no SQL, no JDBC): its own allocation per commit. */
    API_COMMIT("commit through the engine API", "µs");

    private final String title;
    private final String unit;

    Workload(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    /** What {@code bench} runs unless told otherwise: the workloads it has always run. */
    public static Set<Workload> standard() {
        return EnumSet.of(COMMIT, READ, INSERT, JOIN, SIZE);
    }

    /** The key used in files and on the command line: {@code commit}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    public String unit() {
        return unit;
    }

    /** The workload named {@code key}, case-insensitive. */
    public static Workload byKey(String key) {
        for (Workload w : values()) {
            if (w.key().equalsIgnoreCase(key.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + key
                + "'; known: commit, read, insert, join, size, protocol, concurrent, api_commit");
    }
}
