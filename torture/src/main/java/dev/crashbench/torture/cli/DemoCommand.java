package dev.crashbench.torture.cli;

import dev.crashbench.faultvfs.PowerCutDemo;
import dev.crashbench.vfs.DiskModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code crashbench demo}: a workload on the simulated disk, a power cut, and what survived. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Append checksummed records to a log on the simulated disk, cut the power at a step "
                + "drawn from the seed, and show what each survival policy leaves.",
                "Exits 1 if an acknowledged (synced) record was lost."})
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", description = "Seed for the cut step and the random policies (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--records", description = "Records to append (default: ${DEFAULT-VALUE}).")
    int records = 40;

    @Option(names = "--sync-every", description = "fdatasync after every N records (default: ${DEFAULT-VALUE}).")
    int syncEvery = 4;

    @Option(names = "--record-size", description = "Bytes per record, at least 16 (default: ${DEFAULT-VALUE}).")
    int recordSize = 512;

    @Option(names = "--sector-size", description = "Sector size of the simulated disk: 512 or 4096 (default: ${DEFAULT-VALUE}).")
    int sectorSize = 512;

    @Override
    public Integer call() throws Exception {
        if (sectorSize != 512 && sectorSize != 4096) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sector-size must be 512 or 4096, got " + sectorSize);
        }
        PowerCutDemo.Options options;
        try {
            options = new PowerCutDemo.Options(seed, records, syncEvery, recordSize,
                    new DiskModel(sectorSize, 0, false, false));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PowerCutDemo.Result result = PowerCutDemo.run(options, spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return result.lostAcknowledged() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }
}
