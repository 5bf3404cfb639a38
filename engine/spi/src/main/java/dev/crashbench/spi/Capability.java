package dev.crashbench.spi;

/**
 * What a configuration can do beyond begin / put / delete / get / commit / rollback / read all.
 * The bench asks before it uses a feature; a session whose configuration lacks a capability
 * throws {@link UnsupportedOperationException} from the feature's method.
 */
public enum Capability {
    /** {@link EngineSession#checkpoint()} makes every earlier commit durable. */
    CHECKPOINT,
    /** {@link EngineSession#checkIntegrity()} verifies the engine's structures. */
    INTEGRITY_CHECK,
    /**
     * {@link EngineSession#commitAsync()}: a commit's first half returns a handle, and the commit is
     * acknowledged when {@link CommitHandle#await()} returns (group commit).
     */
    ASYNC_COMMIT,
    /**
     * {@link EngineSession#stepBackgroundWork(int)}: work the engine would do on a thread of its own
     * (a background checkpoint) runs only when the bench steps it, on the bench's thread, so a seed
     * decides where it interleaves with the workload.
     */
    BACKGROUND_STEPS,
    /** {@link EngineSession#events()} counts what the engine's code paths did (which optimizations ran). */
    EVENT_COUNTS
}
