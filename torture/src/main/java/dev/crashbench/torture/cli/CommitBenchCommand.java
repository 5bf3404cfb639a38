package dev.crashbench.torture.cli;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.measure.CommitLatencyBenchmark;
import dev.crashbench.vfs.local.Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crashbench commit-bench}: the reference engine's commit latency next to the sync floor. */
@Command(name = "commit-bench", mixinStandardHelpOptions = true,
        description = {"Measure one-row update commits of the reference engine and, in the same run, "
                + "4 KiB pwrite + sync(DATA) at a fixed offset: p50/p95/p99 of both, their ratio, "
                + "and bytes allocated per commit.",
                "Refuses RAM-backed file systems: syncs cost nothing there."})
public final class CommitBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Directory to measure in (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "commit-bench");

    @Option(names = "--backend", description = "Real VFS backend: ${COMPLETION-CANDIDATES} (default: the preferred one).")
    Backend backend;

    @Option(names = "--commits", description = "Timed commits (default: ${DEFAULT-VALUE}).")
    int commits = 2000;

    @Option(names = "--warmup", description = "Untimed commits first (default: ${DEFAULT-VALUE}).")
    int warmup = 1000;

    @Option(names = "--engine-option", paramLabel = "KEY=VALUE",
            description = "Engine option, repeatable: durability=full|normal|off, cache_size_pages=N, "
                    + "auto_checkpoint_frames=N, wal_preallocated_frames=N.")
    List<String> engineOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (commits < 5 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--commits must be at least 5 and --warmup at least 0");
        }
        EngineOptions options = EngineOptions.defaults();
        for (String option : engineOptions) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--engine-option wants KEY=VALUE, got '" + option + "'");
            }
            try {
                options = options.with(option.substring(0, eq), option.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Backend chosen = RealDiskBackend.resolve(backend, spec.commandLine());
        CommitLatencyBenchmark.run(dir, chosen, options, commits, warmup, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
