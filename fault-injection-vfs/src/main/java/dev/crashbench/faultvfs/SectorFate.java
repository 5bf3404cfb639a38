package dev.crashbench.faultvfs;

/** What one tear unit (a sector, or the device's atomic write unit) of a torn write holds after a cut. */
public enum SectorFate {
    /** The unit still holds what was durable before the write. */
    OLD,
    /** The unit holds the new data. */
    NEW,
    /** The unit holds garbage: the write was interrupted inside it. */
    GARBAGE
}
