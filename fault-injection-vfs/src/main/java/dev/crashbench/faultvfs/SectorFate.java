package dev.crashbench.faultvfs;

/** What one tear unit (a sector, or the device's atomic write unit) of a torn write holds after a cut. */
public enum SectorFate {
    /** The unit still holds what was durable before the write. */
    OLD,
    /** The unit holds the new data. */
    NEW,
    /** The unit holds garbage: the write was interrupted inside it. */
    GARBAGE,
    /**
     * The unit reads as zeros: the file system recorded the new size or block (metadata) but the
     * data never landed, as delayed allocation leaves a file after a cut.
     */
    ZERO
}
