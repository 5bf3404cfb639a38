package dev.crashbench.torture.cli;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Sqlite;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crashbench sql-bench}: the bench's read, insert and join workloads on the reference engine and SQLite FULL, ungated. */
@Command(name = "sql-bench", mixinStandardHelpOptions = true,
        description = {"The read, insert and join workloads of `bench` on one reference engine configuration and "
                + "SQLite (journal_mode=WAL, synchronous=FULL), interleaved in rounds on the real disk: prepared point "
                + "reads, a batch insert in one transaction (rows/s) and the database size, a join with GROUP BY. "
                + "Not gated: `bench` gives gated figures.",
                "Refuses RAM-backed file systems unless --allow-tmpfs."})
public final class SqlBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Directory for the databases and the report (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "sql-bench");

    @Option(names = "--allow-tmpfs", description = "Run even on a RAM-backed file system (figures then mean little).")
    boolean allowTmpfs;

    @Option(names = "--rows", description = "Rows for the point reads (default: ${DEFAULT-VALUE}).")
    int rows = 10_000;

    @Option(names = "--reads", description = "Timed point reads per engine and round (default: ${DEFAULT-VALUE}).")
    int reads = 10_000;

    @Option(names = "--insert-rows", description = "Rows of the batch insert (default: ${DEFAULT-VALUE}).")
    int insertRows = 100_000;

    @Option(names = "--users", description = "Users in the join (default: ${DEFAULT-VALUE}).")
    int users = 100;

    @Option(names = "--orders-per-user", description = "Orders per user in the join (default: ${DEFAULT-VALUE}).")
    int ordersPerUser = 1_000;

    @Option(names = "--join-runs", description = "Timed runs of the join per engine and round (default: ${DEFAULT-VALUE}).")
    int joinRuns = 20;

    @Option(names = "--rounds", description = "Rounds, at least 3 (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--seed", description = "Seed of the read keys (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Mixin
    EngineOptionsMixin engineOptions;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireDirectory("--dir", dir, spec.commandLine());
        Profile profile;
        try {
            profile = Profile.standard().withRounds(rounds).withReads(rows, Math.min(reads, 2_000), reads)
                    .withInsertRows(insertRows).withJoin(users, ordersPerUser, Math.min(joinRuns, 5), joinRuns)
                    .withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return UngatedBench.run(profile, List.of(UngatedBench.engine(engineOptions), Sqlite.full()),
                EnumSet.of(Workload.READ, Workload.INSERT, Workload.SIZE, Workload.JOIN), dir, allowTmpfs,
                spec.commandLine());
    }
}
