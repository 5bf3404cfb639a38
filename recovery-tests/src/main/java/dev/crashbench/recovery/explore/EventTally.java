package dev.crashbench.recovery.explore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums of the events an engine counted ({@link dev.crashbench.spi.Capability#EVENT_COUNTS}) over
 * the sessions of a run or a campaign, by event name, in the order the names first came. Safe
 * from any thread: a campaign's workers add to one tally.
 */
public final class EventTally {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Adds every count of {@code events}. */
    public synchronized void addAll(Map<String, Long> events) {
        events.forEach((name, count) -> counts.merge(name, count, Long::sum));
    }

    /** The count of event {@code name}; 0 when it never happened. */
    public synchronized long get(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Every event counted, with its count. */
    public synchronized Map<String, Long> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
