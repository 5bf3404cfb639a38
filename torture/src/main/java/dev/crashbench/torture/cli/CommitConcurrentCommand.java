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

/** {@code crashbench commit-concurrent}: 1, 4 and 8 writer threads on the reference engine and SQLite FULL, ungated. */
@Command(name = "commit-concurrent", mixinStandardHelpOptions = true,
        description = {"1, 4 and 8 writer threads, each on its own connection committing one-row UPDATEs to its own "
                + "row, on one reference engine configuration and on SQLite FULL (WAL, busy_timeout set: SQLite "
                + "serializes writers), interleaved in rounds: durable commits per second and per-commit "
                + "p50/p95/p99/p99.9/max, with min-max across rounds; beside them the single-writer commit workload "
                + "with its p99.9 and max, where inline checkpoints show.",
                "Not gated: `bench --matrix` gives gated figures. Refuses RAM-backed file systems: syncs cost nothing there."})
public final class CommitConcurrentCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Directory to measure in (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "commit-concurrent");

    @Option(names = "--commits", description = "Timed commits per writer thread per round (default: ${DEFAULT-VALUE}).")
    int commits = 1000;

    @Option(names = "--warmup", description = "Untimed commits per writer thread first, per round (default: ${DEFAULT-VALUE}).")
    int warmup = 200;

    @Option(names = "--rounds", description = "Rounds, at least 3 (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Mixin
    EngineOptionsMixin engineOptions;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireDirectory("--dir", dir, spec.commandLine());
        UngatedBench.checkCommitSizes(commits, warmup, rounds, spec.commandLine());
        Profile profile = Profile.standard().withRounds(rounds).withConcurrentCommits(warmup, commits)
                .withCommits(warmup, commits);
        return UngatedBench.run(profile, List.of(UngatedBench.engine(engineOptions), Sqlite.full()),
                EnumSet.of(Workload.COMMIT, Workload.CONCURRENT), dir, false, spec.commandLine());
    }
}
