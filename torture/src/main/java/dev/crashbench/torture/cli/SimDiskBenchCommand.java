package dev.crashbench.torture.cli;

import dev.crashbench.faultvfs.CrashImageBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code crashbench simdisk-bench}: how fast SimDisk builds crash images. */
@Command(name = "simdisk-bench", mixinStandardHelpOptions = true,
        description = {"Measure crash images per second for a synced file set with pending writes, "
                + "once with writes at random offsets and once aligned to their size."})
public final class SimDiskBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--files", description = "Files in the set (default: ${DEFAULT-VALUE}).")
    int files = 4;

    @Option(names = "--file-kib", description = "KiB per file (default: ${DEFAULT-VALUE}).")
    int fileKib = 1024;

    @Option(names = "--pending", description = "Pending (unsynced) writes (default: ${DEFAULT-VALUE}).")
    int pending = 100;

    @Option(names = "--write-bytes", description = "Bytes per pending write (default: ${DEFAULT-VALUE}).")
    int writeBytes = 4096;

    @Option(names = "--seconds", description = "Seconds measured per survival policy (default: ${DEFAULT-VALUE}).")
    double seconds = 2.0;

    @Override
    public Integer call() throws Exception {
        if (files < 1 || fileKib < 1 || pending < 1 || writeBytes < 1 || !(seconds > 0)
                || writeBytes >= fileKib * 1024L) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "all values must be positive and --write-bytes smaller than the file");
        }
        for (boolean aligned : new boolean[] {false, true}) {
            CrashImageBenchmark.run(new CrashImageBenchmark.Options(files, fileKib * 1024, pending, writeBytes,
                    aligned, seconds), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
