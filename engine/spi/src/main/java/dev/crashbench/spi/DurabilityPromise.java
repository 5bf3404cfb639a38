package dev.crashbench.spi;

/**
 * Which acknowledged commits an engine configuration promises to keep across a power cut on an
 * honest disk. It sets the oracle's floor: the oldest commit state a recovery may show.
 */
public enum DurabilityPromise {
    /** Every acknowledged commit survives (and every one a reader saw): the floor is the newest of them. */
    EVERY_COMMIT,
    /** Only commits made durable by a checkpoint that returned survive: the floor is the newest of them. */
    AT_CHECKPOINT,
    /** No commit is promised: any prefix of the commit sequence, never a partial one, is accepted. */
    NONE
}
