package dev.crashbench.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of {@link EngineEvent}s for one opening of a database. Safe from any thread and free of
 * allocation on the counting side, so the commit path can count.
 */
public final class EngineEvents {
    private final AtomicLongArray counts = new AtomicLongArray(EngineEvent.values().length);

    public void count(EngineEvent event) {
        counts.incrementAndGet(event.ordinal());
    }

    public void count(EngineEvent event, long times) {
        counts.addAndGet(event.ordinal(), times);
    }

    public long get(EngineEvent event) {
        return counts.get(event.ordinal());
    }

    /** Every event counted at least once, with its count, in {@link EngineEvent} order. */
    public Map<EngineEvent, Long> snapshot() {
        Map<EngineEvent, Long> seen = new EnumMap<>(EngineEvent.class);
        for (EngineEvent event : EngineEvent.values()) {
            long n = counts.get(event.ordinal());
            if (n > 0) {
                seen.put(event, n);
            }
        }
        return Collections.unmodifiableMap(seen);
    }

    /** Adds every count of {@code other} to these. */
    public void addAll(EngineEvents other) {
        for (EngineEvent event : EngineEvent.values()) {
            long n = other.counts.get(event.ordinal());
            if (n != 0) {
                counts.addAndGet(event.ordinal(), n);
            }
        }
    }
}
