package dev.crashbench.recovery.oracle;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The contents of the workload's table at one moment, immutable. {@link #ABSENT} is "no table"
 * (the state before the first commit).
 *
 * <p>Building one copies the map and touches no value byte: the runner builds one per commit,
 * and the oracle one per recovery. Matching compares entries in key order and stops at the first
 * difference, which for two different commit states comes early (a key, a length, the first
 * bytes of a value); equal states cost one pass of vectorized array comparison, less than hashing
 * them would.
 */
public final class TableState {
    public static final TableState ABSENT = new TableState(null);

    private final NavigableMap<Long, byte[]> rows;

    private TableState(NavigableMap<Long, byte[]> rows) {
        this.rows = rows;
    }

    /** A state holding a copy of {@code rows} (the byte arrays are not copied: callers must not change them). */
    public static TableState of(Map<Long, byte[]> rows) {
        return new TableState(Collections.unmodifiableNavigableMap(new TreeMap<>(rows)));
    }

    public boolean absent() {
        return rows == null;
    }

    /** The rows; empty for an absent table. */
    public NavigableMap<Long, byte[]> rows() {
        return rows == null ? Collections.emptyNavigableMap() : rows;
    }

    /** A hash of the contents (computed on each call: it reads every byte). */
    public long digest() {
        return rows == null ? 0x5EED : digestOf(rows);
    }

    public boolean sameAs(TableState other) {
        if (this == other) {
            return true;
        }
        if (absent() != other.absent() || rows().size() != other.rows().size()) {
            return false;
        }
        Iterator<Map.Entry<Long, byte[]>> theirs = other.rows().entrySet().iterator();
        for (Map.Entry<Long, byte[]> mine : rows().entrySet()) {
            Map.Entry<Long, byte[]> their = theirs.next();
            if (!mine.getKey().equals(their.getKey()) || !Arrays.equals(mine.getValue(), their.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Keys with value sizes and hashes: enough to see what differs without dumping megabytes. */
    public String describe() {
        if (rows == null) {
            return "no table";
        }
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<Long, byte[]> e : rows.entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            if (out.length() > 400) {
                return out.append("... ").append(rows.size()).append(" rows}").toString();
            }
            out.append(e.getKey()).append('=').append(e.getValue().length).append("B#")
                    .append(Integer.toHexString(Arrays.hashCode(e.getValue())));
        }
        return out.append('}').toString();
    }

    private static long digestOf(NavigableMap<Long, byte[]> rows) {
        long h = 0x9E3779B97F4A7C15L;
        for (Map.Entry<Long, byte[]> e : rows.entrySet()) {
            h = (h ^ e.getKey()) * 0x100000001B3L;
            h = (h ^ Arrays.hashCode(e.getValue())) * 0x100000001B3L;
            h = (h ^ e.getValue().length) * 0x100000001B3L;
        }
        return h;
    }

    @Override
    public String toString() {
        return describe();
    }
}
