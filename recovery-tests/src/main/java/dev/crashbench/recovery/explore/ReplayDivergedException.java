package dev.crashbench.recovery.explore;

/**
 * A recorded case no longer runs as it did when it was recorded: the engine, the workload code
 * or the simulator changed behaviour, so its fates no longer fit. The replay cannot say
 * anything about the violation it recorded.
 */
public final class ReplayDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayDivergedException(String message) {
        super(message);
    }
}
