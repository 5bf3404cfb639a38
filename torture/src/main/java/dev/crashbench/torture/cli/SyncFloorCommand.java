package dev.crashbench.torture.cli;

import dev.crashbench.vfs.local.Backend;
import dev.crashbench.vfs.local.SyncFloorBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code crashbench sync-floor}: the cost of the cheapest durable write on this disk. */
@Command(name = "sync-floor", mixinStandardHelpOptions = true,
        description = {"Measure 4 KiB pwrite at a fixed offset of a preallocated file + sync(DATA), "
                + "through the real VFS: the floor under any durable commit on this disk.",
                "Run it on a real disk: on tmpfs syncs cost nothing and the figure means nothing."})
public final class SyncFloorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Directory to measure in (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "sync-floor");

    @Option(names = "--backend", description = "Real VFS backend: ${COMPLETION-CANDIDATES} (default: the preferred one).")
    Backend backend;

    @Option(names = "--iterations", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int iterations = 2000;

    @Option(names = "--warmup", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmup = 200;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--iterations must be at least 1 and --warmup at least 0");
        }
        Backend chosen = RealDiskBackend.resolve(backend, spec.commandLine());
        SyncFloorBenchmark.run(dir, chosen, iterations, warmup, spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
