package dev.crashbench.recovery.explore;

/**
 * When a campaign stops: after this many crash states, this many seconds, or this many workload
 * seeds, whichever comes first (0 means no limit on that axis), and at the first violation or
 * not. Time only decides when to stop, never what is explored, so the seeds a time-limited run
 * covered replay exactly.
 */
public record Budget(long maxStates, double maxSeconds, long maxSeeds, boolean stopAtFirstViolation) {

    public Budget {
        if (maxStates < 0 || maxSeconds < 0 || maxSeeds < 0) {
            throw new IllegalArgumentException("budgets cannot be negative");
        }
        if (maxStates == 0 && maxSeconds == 0 && maxSeeds == 0) {
            throw new IllegalArgumentException("a campaign needs a budget: states, seconds or seeds");
        }
    }

    public static Budget states(long n) {
        return new Budget(n, 0, 0, false);
    }

    public Budget stoppingAtFirst(boolean stop) {
        return new Budget(maxStates, maxSeconds, maxSeeds, stop);
    }
}
