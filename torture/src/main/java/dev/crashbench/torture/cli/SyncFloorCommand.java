package dev.crashbench.torture.cli;

import dev.crashbench.bench.measure.FloorLatency;
import dev.crashbench.bench.measure.FloorProbe;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.vfs.local.Backend;
import dev.crashbench.vfs.local.FileSystemType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crashbench sync-floor}: the bench's floor measurement alone (see {@link FloorProbe}). */
@Command(name = "sync-floor", mixinStandardHelpOptions = true,
        description = {"Measure 4 KiB pwrite at a fixed offset of a preallocated file + sync(DATA), "
                + "through the real VFS: the floor under any durable commit on this disk (the floor of `bench`).",
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
        OutputPaths.requireDirectory("--dir", dir, spec.commandLine());
        if (iterations < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--iterations must be at least 1 and --warmup at least 0");
        }
        Backend chosen = RealDiskBackend.resolve(backend, spec.commandLine());
        Path directory = dir.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        String type = FileSystemType.of(directory);
        if (FileSystemType.isMemoryBacked(type)) {
            out.println("warning: " + directory + " is on " + type + "; syncs are no-ops there");
        }
        Latency l = FloorLatency.run(directory, chosen, warmup, iterations);
        out.printf(Locale.ROOT, "sync floor: %d x (4 KiB pwrite + sync(DATA)) after %d warm-up%n", iterations, warmup);
        out.printf(Locale.ROOT, "  backend   %s%n", chosen.id());
        out.printf(Locale.ROOT, "  directory %s (%s)%n", directory, type);
        out.printf(Locale.ROOT, "  p50 %.1f us   p95 %.1f us   p99 %.1f us   max %.1f us%n", l.p50Us(), l.p95Us(),
                l.p99Us(), l.maxUs());
        out.flush();
        return ExitCodes.OK;
    }
}
