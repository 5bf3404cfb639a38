package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;

/**
 * How the runner groups commits when the engine has group commit on: after each commit's first
 * half ({@code commitAsync}), whether to await the commits in flight now or to leave them waiting
 * while the workload goes on (more commits, reads, a checkpoint, a restart, a cut), and which of
 * them to await first (its sync then covers the others).
 *
 * <p>Every choice is a pure function of the workload and the op's index: a replay file (options,
 * workload, fault decisions) replays the grouping bit for bit, and a shrunk workload gets the
 * grouping its own ops give. A group never exceeds {@link #MAX_IN_FLIGHT} commits.
 */
final class CommitGrouping {
    /** Commits in flight at most; the runner awaits them once this many wait. */
    static final int MAX_IN_FLIGHT = 4;

    private final long seed;

    CommitGrouping(Workload workload) {
        this.seed = fingerprint(workload);
    }

    /** After the commit of op {@code opIndex}, with {@code inFlight} commits waiting: await them now? */
    boolean awaitNow(int opIndex, int inFlight) {
        return inFlight >= MAX_IN_FLIGHT || Math.floorMod(draw(opIndex, 1), 4) == 0;
    }

    /** Which of the {@code inFlight} waiting commits (0 = the oldest) to await first. */
    int firstAwaited(int opIndex, int inFlight) {
        return (int) Math.floorMod(draw(opIndex, 2), (long) inFlight);
    }

    private long draw(int opIndex, int purpose) {
        return mix(seed + opIndex * 0x9E3779B97F4A7C15L + purpose);
    }

    /** A hash of the ops' fields (not of their toString or hashCode, which the JDK does not specify). */
    static long fingerprint(Workload workload) {
        long h = 0x243F6A8885A308D3L;
        for (Op op : workload.ops()) {
            h = mix(h ^ describe(op));
        }
        return h;
    }

    private static long describe(Op op) {
        if (op instanceof Op.Put put) {
            return 1 + 31 * (put.key() + 31L * (put.size() + 31L * put.salt()));
        } else if (op instanceof Op.Delete delete) {
            return 2 + 31 * delete.key();
        } else if (op instanceof Op.Read read) {
            return 3 + 31 * read.key();
        } else if (op instanceof Op.Begin) {
            return 4;
        } else if (op instanceof Op.Commit) {
            return 5;
        } else if (op instanceof Op.Rollback) {
            return 6;
        } else if (op instanceof Op.Checkpoint) {
            return 7;
        } else if (op instanceof Op.Reopen) {
            return 8;
        }
        throw new IllegalArgumentException("unknown op " + op);
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
