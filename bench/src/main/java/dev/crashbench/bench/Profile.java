package dev.crashbench.bench;

/**
 * The sizes of one bench run. Every round repeats every workload at these sizes on fresh files.
 *
 * @param rounds        rounds the engines are interleaved in (A B C A B C ...); at least 3
 * @param commitWarmup  untimed commits first, per round
 * @param commits       timed commits per round
 * @param readRows      rows in the point-read table
 * @param readWarmup    untimed point reads first, per round
 * @param reads         timed point reads per round
 * @param insertRows    rows of the batch insert, in one transaction
 * @param batchRows     rows per {@code executeBatch}
 * @param joinUsers     users in the join
 * @param ordersPerUser orders per user in the join
 * @param joinWarmup    untimed joins first, per round
 * @param joinRuns      timed joins per round
 * @param seed          seed of the point reads' keys (round r reads the keys of seed + r, for every engine)
 * @param protocolCommits   timed commits of the plan's protocol (fresh database, no warm-up): 1,000 in the plan
 * @param concurrentWarmup  untimed commits per writer thread first, in the concurrent workload
 * @param concurrentCommits timed commits per writer thread, in the concurrent workload
 */
public record Profile(int rounds, int commitWarmup, int commits, int readRows, int readWarmup, int reads,
                      int insertRows, int batchRows, int joinUsers, int ordersPerUser, int joinWarmup, int joinRuns,
                      long seed, int protocolCommits, int concurrentWarmup, int concurrentCommits) {

    /** The plan's protocol: 1,000 timed commits on a fresh database. */
    public static final int PLAN_PROTOCOL_COMMITS = 1_000;

    /** The sizes of the original profile, with the plan's protocol and the concurrent workload at their defaults. */
    public Profile(int rounds, int commitWarmup, int commits, int readRows, int readWarmup, int reads,
                   int insertRows, int batchRows, int joinUsers, int ordersPerUser, int joinWarmup, int joinRuns,
                   long seed) {
        this(rounds, commitWarmup, commits, readRows, readWarmup, reads, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, PLAN_PROTOCOL_COMMITS, 200, 1_000);
    }

    /** The fewest rounds whose median and min–max mean anything. */
    public static final int MIN_ROUNDS = 3;

    public Profile {
        if (rounds < MIN_ROUNDS) {
            throw new IllegalArgumentException("at least " + MIN_ROUNDS + " rounds, got " + rounds);
        }
        if (commitWarmup < 0 || readWarmup < 0 || joinWarmup < 0 || concurrentWarmup < 0) {
            throw new IllegalArgumentException("warm-up counts cannot be negative");
        }
        if (commits < 1 || readRows < 1 || reads < 1 || insertRows < 1 || batchRows < 1 || joinUsers < 1
                || ordersPerUser < 1 || joinRuns < 1 || protocolCommits < 1 || concurrentCommits < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
    }

    /**
     * The reference benchmark: 1,000 warm-up + 2,000 timed commits, 10,000 users for the point reads,
     * a 100,000-row insert, 100 users x 1,000 orders for the join, 5 rounds; the plan's protocol
     * (1,000 commits); 200 warm-up + 1,000 timed commits per writer thread.
     */
    public static Profile standard() {
        return new Profile(5, 1_000, 2_000, 10_000, 2_000, 10_000, 100_000, 1_000, 100, 1_000, 5, 20, 1);
    }

    /**
     * A first look in well under two minutes: 3 rounds at about a fifth of the sizes (the plan's
     * protocol keeps its 1,000 commits: it is defined by them; 50 + 200 commits per writer thread).
     */
    public static Profile quick() {
        return new Profile(3, 200, 500, 10_000, 500, 2_000, 20_000, 1_000, 100, 200, 2, 5, 1,
                PLAN_PROTOCOL_COMMITS, 50, 200);
    }

    /**
     * A smoke run of the optimization matrix ({@code bench --matrix --quick}), which measures about
     * a dozen configurations in two regimes: 3 rounds at small sizes; the plan's protocol keeps its
     * 1,000 commits.
     */
    public static Profile matrixQuick() {
        return new Profile(3, 50, 200, 2_000, 200, 500, 5_000, 500, 20, 100, 1, 3, 1,
                PLAN_PROTOCOL_COMMITS, 20, 100);
    }

    public Profile withRounds(int value) {
        return new Profile(value, commitWarmup, commits, readRows, readWarmup, reads, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, protocolCommits, concurrentWarmup, concurrentCommits);
    }

    public Profile withCommits(int warmup, int timed) {
        return new Profile(rounds, warmup, timed, readRows, readWarmup, reads, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, protocolCommits, concurrentWarmup, concurrentCommits);
    }

    public Profile withReads(int rows, int warmup, int timed) {
        return new Profile(rounds, commitWarmup, commits, rows, warmup, timed, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, protocolCommits, concurrentWarmup, concurrentCommits);
    }

    public Profile withInsertRows(int value) {
        return new Profile(rounds, commitWarmup, commits, readRows, readWarmup, reads, value, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, protocolCommits, concurrentWarmup, concurrentCommits);
    }

    public Profile withJoin(int users, int orders, int warmup, int runs) {
        return new Profile(rounds, commitWarmup, commits, readRows, readWarmup, reads, insertRows, batchRows, users,
                orders, warmup, runs, seed, protocolCommits, concurrentWarmup, concurrentCommits);
    }

    public Profile withSeed(long value) {
        return new Profile(rounds, commitWarmup, commits, readRows, readWarmup, reads, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, value, protocolCommits, concurrentWarmup, concurrentCommits);
    }

    public Profile withProtocolCommits(int value) {
        return new Profile(rounds, commitWarmup, commits, readRows, readWarmup, reads, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, value, concurrentWarmup, concurrentCommits);
    }

    public Profile withConcurrentCommits(int warmup, int timed) {
        return new Profile(rounds, commitWarmup, commits, readRows, readWarmup, reads, insertRows, batchRows, joinUsers,
                ordersPerUser, joinWarmup, joinRuns, seed, protocolCommits, warmup, timed);
    }
}
