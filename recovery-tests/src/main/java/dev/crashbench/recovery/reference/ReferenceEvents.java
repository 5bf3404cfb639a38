package dev.crashbench.recovery.reference;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import java.util.Map;

/** The reference engine's {@link EngineEvents} back from the names its sessions count them under. */
public final class ReferenceEvents {
    private ReferenceEvents() {
    }

    /** Counts by {@link EngineEvent#name()}; a name that is no event is an error naming it. */
    public static EngineEvents of(Map<String, Long> byName) {
        EngineEvents events = new EngineEvents();
        byName.forEach((name, count) -> events.count(EngineEvent.valueOf(name), count));
        return events;
    }
}
