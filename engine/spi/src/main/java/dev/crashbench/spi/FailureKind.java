package dev.crashbench.spi;

/**
 * What an exception from an engine means to the oracle ({@link EngineConfiguration#classify}).
 * A power cut of a simulated disk is not the engine's exception and is never classified.
 */
public enum FailureKind {
    /**
     * The engine refused the call and changed nothing durable because of it: a fail-stopped
     * session rethrowing its first failure, a lock held elsewhere, a bad argument.
     */
    REFUSED,
    /** An I/O error inside the call: what it was writing may or may not have become durable. */
    INDETERMINATE,
    /** A clear error that the files are damaged (naming the file and where): the engine refuses to serve them. */
    CORRUPTION_DETECTED,
    /** Anything else: an engine bug, whatever the disk did. */
    BUG
}
