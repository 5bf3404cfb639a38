package dev.crashbench.engine.sql.plan;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * GROUP BY's groups of one execution, in key order, found by a row's group key. The group the last
 * row went to is kept beside the map: rows of one group often come in a run (a join meets the inner
 * rows of one outer row together), and one comparison then replaces a descent of the map (in the
 * bench's join, 100,000 rows in 100 runs).
 *
 * @param <G> a group's accumulated state
 */
final class Groups<G> {
    private final Comparator<Object[]> order;
    private final TreeMap<Object[], G> byKey;
    /** The key (as the map holds it) and group of the last row; null before the first. */
    private Object[] lastKey;
    private G last;

    Groups(Comparator<Object[]> order) {
        this.order = order;
        this.byKey = new TreeMap<>(order);
    }

    /** The group of {@code key}, or null when it has none yet ({@link #add} it then). */
    G find(Object[] key) {
        if (last != null && order.compare(lastKey, key) == 0) {
            return last;
        }
        Map.Entry<Object[], G> entry = byKey.ceilingEntry(key);
        if (entry == null || order.compare(entry.getKey(), key) != 0) {
            return null;
        }
        lastKey = entry.getKey();
        last = entry.getValue();
        return last;
    }

    /** Adds {@code group} under a copy of {@code key}, which may be the caller's scratch; returns it. */
    G add(Object[] key, G group) {
        lastKey = key.clone();
        last = group;
        byKey.put(lastKey, group);
        return group;
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** Adds the one group of an aggregate without GROUP BY over no rows. */
    void putEmpty(G group) {
        byKey.put(new Object[0], group);
    }

    /** The groups in key order. */
    Collection<G> inKeyOrder() {
        return byKey.values();
    }
}
