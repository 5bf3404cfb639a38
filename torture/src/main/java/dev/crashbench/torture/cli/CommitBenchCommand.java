package dev.crashbench.torture.cli;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Floor;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crashbench commit-bench}: the bench's commit workload on the reference engine and the floor, ungated. */
@Command(name = "commit-bench", mixinStandardHelpOptions = true,
        description = {"The commit workload of `bench` on one reference engine configuration and the floor "
                + "(4 KiB pwrite + sync(DATA)), interleaved in rounds: p50/p95/p99 with min-max across rounds, "
                + "their ratio, and bytes allocated per commit. Not gated: `bench` gives gated figures.",
                "Refuses RAM-backed file systems: syncs cost nothing there."})
public final class CommitBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Directory to measure in (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "commit-bench");

    @Option(names = "--backend", description = "Real VFS backend of the floor: ${COMPLETION-CANDIDATES} (default: the preferred one).")
    dev.crashbench.vfs.local.Backend backend;

    @Option(names = "--commits", description = "Timed commits per round (default: ${DEFAULT-VALUE}).")
    int commits = 2000;

    @Option(names = "--warmup", description = "Untimed commits first, per round (default: ${DEFAULT-VALUE}).")
    int warmup = 1000;

    @Option(names = "--rounds", description = "Rounds, at least 3 (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Mixin
    EngineOptionsMixin engineOptions;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireDirectory("--dir", dir, spec.commandLine());
        UngatedBench.checkCommitSizes(commits, warmup, rounds, spec.commandLine());
        Profile profile = Profile.standard().withRounds(rounds).withCommits(warmup, commits);
        return UngatedBench.run(profile, List.of(UngatedBench.engine(engineOptions),
                        new Floor(RealDiskBackend.resolve(backend, spec.commandLine()))),
                EnumSet.of(Workload.COMMIT), dir, false, spec.commandLine());
    }
}
