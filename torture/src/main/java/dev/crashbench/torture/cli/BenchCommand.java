package dev.crashbench.torture.cli;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.EngineOptionSets;
import dev.crashbench.spi.EngineSpec;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.H2;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.matrix.MatrixOutput;
import dev.crashbench.bench.matrix.MatrixPlan;
import dev.crashbench.bench.matrix.MatrixResults;
import dev.crashbench.bench.matrix.MatrixRow;
import dev.crashbench.bench.matrix.MatrixRun;
import dev.crashbench.bench.matrix.Metric;
import dev.crashbench.bench.report.BenchOutput;
import dev.crashbench.bench.run.BenchPlan;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.BenchRun;
import dev.crashbench.bench.run.Regime;
import dev.crashbench.bench.storage.DataDirectory;
import dev.crashbench.bench.storage.MountTable;
import dev.crashbench.bench.storage.RefusedDirectoryException;
import dev.crashbench.bench.storage.StorageInfo;
import dev.crashbench.vfs.local.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crashbench bench}: the gated commit-latency benchmark against SQLite, H2 and the disk's floor. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"The reference engine (default options, FULL durability, each --engine-option applied; plus "
                + "every --engine configuration), "
                + "SQLite (WAL + synchronous=FULL, and NORMAL as a non-durable reference), H2 (CHECKPOINT SYNC after "
                + "every commit) and the disk's floor (4 KiB pwrite + sync(DATA)), through the same JDBC code: commit "
                + "latency, point reads, a batch insert, a join, and the database size. Engines take turns in rounds "
                + "on fresh files; figures are medians across rounds with min-max.",
                "Each reference engine configuration first runs the fixed recovery campaign (the gate) with the "
                        + "same options: COUNTED when it finds nothing, REJECTED otherwise (with a replay file); "
                        + "REJECTED figures are printed apart and never ranked or charted.",
                "Writes results.jsonl, summary.json, report.md and commit-latency.png under --out.",
                "--matrix: the optimization matrix instead: the baseline (no optimization) and each optimization "
                        + "alone, then per regime the cumulative stack of what that regime accepted, each step judged "
                        + "against the stack before it in rounds of its own; every configuration gated first, against "
                        + "SQLite FULL, H2 and the floor, with the plan's protocol and "
                        + "1/4/8 concurrent writers; one table in the plan's form per regime, the acceptance rule's "
                        + "verdict per row, the recommended defaults, a chart per regime: matrix.md, matrix.json, matrix-*.png.",
                "--cpu-path-dir DIR adds the CPU-path regime (DIR on a RAM-backed file system such as /dev/shm): the "
                        + "same rounds there, labelled 'CPU path, not durable' everywhere.",
                "Exit 0 when it ran (unsafe configurations coming out REJECTED is expected); 1 when a configuration "
                        + "with no unsafe_* option was REJECTED; 2 on bad usage or a RAM-backed data directory."})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("crashbench-out", "bench");

    @Option(names = "--data-dir", description = "Where the databases live while measured (default: OUT/data); "
            + "must be on the disk you mean to measure.")
    Path dataDir;

    @Option(names = "--quick", description = "A first look in under two minutes: 3 rounds at about a fifth of the sizes.")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds, at least 3 (default: 5, or 3 with --quick).")
    Integer rounds;

    @Option(names = "--engine", paramLabel = "reference:KEY=VALUE[,KEY=VALUE...]",
            description = "One more reference engine configuration, repeatable (each occurrence is one configuration, "
                    + "measured beside the defaults and called crashbench[KEY=VALUE,...]): engine options applied to "
                    + "the defaults, e.g. 'reference:durability=normal' or 'reference:unsafe_sync_is_noop=true'.")
    List<String> engines = new ArrayList<>();

    @CommandLine.Mixin
    EngineOptionsMixin engineOptions;

    @Option(names = "--workloads", split = ",", paramLabel = "W",
            description = "Workloads to run: commit, read, insert, join, size (size needs insert), protocol (the plan's: "
                    + "fresh database, no warm-up, 1,000 commits), concurrent (1, 4 and 8 writer threads), api_commit "
                    + "(the reference engine's commit through its own API); default: "
                    + "commit, read, insert, join, size, or all with --matrix.")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--allow-tmpfs", description = "Measure even on a RAM-backed file system (the figures then mean little).")
    boolean allowTmpfs;

    @Option(names = "--matrix", description = "Run the optimization matrix (see above).")
    boolean matrix;

    @Option(names = "--cpu-path-dir", paramLabel = "DIR",
            description = "Also measure in the CPU-path regime, with the data in DIR, which must be on a RAM-backed "
                    + "file system (e.g. /dev/shm/crashbench); its figures are never durable latencies.")
    Path cpuPathDir;

    @Option(names = "--force-cpu-path", description = "Accept a --cpu-path-dir that is not RAM-backed (its figures then include the device's flush).")
    boolean forceCpuPath;

    @Option(names = "--backend", description = "Real VFS backend of the floor: ${COMPLETION-CANDIDATES} (default: the preferred one, as the engine's).")
    Backend backend;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireDirectory("--out", out, spec.commandLine());
        if (dataDir != null) {
            OutputPaths.requireDirectory("--data-dir", dataDir, spec.commandLine());
        }
        if (matrix) {
            return matrix();
        }
        Profile profile = quick ? Profile.quick() : Profile.standard();
        if (rounds != null) {
            if (rounds < Profile.MIN_ROUNDS) {
                throw usage("--rounds must be at least " + Profile.MIN_ROUNDS);
            }
            profile = profile.withRounds(rounds);
        }
        List<Contender> contenders = new ArrayList<>();
        contenders.add(UngatedBench.engine(engineOptions));
        for (String spec : engines) {
            try {
                contenders.add(EngineOptionSets.of(EngineSpec.parse(spec), engineOptions.keyValues()));
            } catch (IllegalArgumentException e) {
                throw usage("--engine " + spec + ": " + e.getMessage());
            }
        }
        contenders.add(Sqlite.full());
        contenders.add(Sqlite.normal());
        contenders.add(new H2());
        contenders.add(new Floor(RealDiskBackend.resolve(backend, spec.commandLine())));
        Set<Workload> chosen = chosenWorkloads(Workload.standard());
        Path output = out.toAbsolutePath().normalize();
        StorageInfo storage = storage(dataDir == null ? output.resolve("data") : dataDir, allowTmpfs, spec.commandLine());
        Optional<StorageInfo> cpuPath = cpuPathStorage();
        refuseTwoCpuPaths(storage, cpuPath);
        BenchPlan plan;
        try {
            plan = new BenchPlan(profile, contenders, chosen, storage, output.resolve("replay"),
                    Optional.of(Gate.standard()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter printer = spec.commandLine().getOut();
        printWhere(printer, storage, cpuPath);
        BenchRun run = new BenchRun(plan, printer);
        BenchResults results = run.run();
        List<Path> files = new ArrayList<>(print(printer, BenchOutput.write(results, Gate.standard(), output)));
        if (cpuPath.isPresent()) {
            BenchResults cpu = new BenchRun(plan.in(cpuPath.get(), Regime.CPU_PATH), printer)
                    .measure(results.gates(), results.gateSeconds());
            files.addAll(print(printer, BenchOutput.write(cpu, Gate.standard(), output.resolve(Regime.CPU_PATH.key()))));
        }
        printWhere(printer, storage, cpuPath);
        for (Path f : files) {
            printer.println("wrote " + f);
        }
        printer.flush();
        return results.rejectedSafeConfiguration() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    /** {@code bench --matrix}: the optimization matrix, gated, in the device regime and, when asked, the CPU path. */
    private int matrix() throws Exception {
        if (!engines.isEmpty() || !engineOptions.keyValues().isEmpty()) {
            throw usage("--engine and --engine-option do not apply to --matrix: the matrix measures the baseline and"
                    + " every optimization on top of it");
        }
        Profile profile = quick ? Profile.matrixQuick() : Profile.standard();
        if (rounds != null) {
            if (rounds < Profile.MIN_ROUNDS) {
                throw usage("--rounds must be at least " + Profile.MIN_ROUNDS);
            }
            profile = profile.withRounds(rounds);
        }
        Set<Workload> chosen = chosenWorkloads(EnumSet.allOf(Workload.class));
        for (Metric m : Metric.values()) {
            if (!chosen.contains(m.workload())) {
                throw usage("--matrix needs the " + m.workload().key() + " workload: the acceptance rule reads "
                        + m.title());
            }
        }
        Gate gate = quick ? Gate.quick() : Gate.standard();
        Path output = out.toAbsolutePath().normalize();
        StorageInfo device = storage(dataDir == null ? output.resolve("data") : dataDir, allowTmpfs, spec.commandLine());
        Optional<StorageInfo> cpuPath = cpuPathStorage();
        refuseTwoCpuPaths(device, cpuPath);
        PrintWriter printer = spec.commandLine().getOut();
        printWhere(printer, device, cpuPath);
        MatrixPlan plan = MatrixPlan.standard();
        for (MatrixRow row : plan.rows()) {
            if (row.kind() == MatrixRow.Kind.SKIPPED) {
                printer.println("matrix: " + row.label() + ": " + row.note());
            }
        }
        MatrixResults results = new MatrixRun(plan, profile, chosen, gate, device, cpuPath, output.resolve("replay"),
                RealDiskBackend.resolve(backend, spec.commandLine()), printer).run();
        BenchOutput.Written written = MatrixOutput.write(results, gate, output);
        printer.println();
        printer.print(written.report());
        printer.println();
        printWhere(printer, device, cpuPath);
        for (GateResult g : results.uncaughtControls()) {
            printer.println("matrix: WARNING: the gate did not catch the negative control " + g.engine()
                    + ": it is REJECTED only by its unsafe option's name, so the campaign cannot see what it risks");
        }
        for (Path f : written.files()) {
            printer.println("wrote " + f);
        }
        printer.flush();
        return results.rejectedSafeConfiguration() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }

    private Set<Workload> chosenWorkloads(Set<Workload> defaults) {
        if (workloads.isEmpty()) {
            return EnumSet.copyOf(defaults);
        }
        Set<Workload> chosen = EnumSet.noneOf(Workload.class);
        for (String w : workloads) {
            try {
                chosen.add(Workload.byKey(w));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        return chosen;
    }

    private Optional<StorageInfo> cpuPathStorage() throws java.io.IOException {
        if (cpuPathDir == null) {
            if (forceCpuPath) {
                throw usage("--force-cpu-path needs --cpu-path-dir");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(DataDirectory.checkCpuPath(cpuPathDir.toAbsolutePath().normalize(), forceCpuPath,
                    MountTable.system()));
        } catch (RefusedDirectoryException e) {
            throw usage(e.getMessage());
        }
    }

    /** With --allow-tmpfs the data directory may be RAM-backed too; then there would be no device regime at all. */
    private void refuseTwoCpuPaths(StorageInfo data, Optional<StorageInfo> cpuPath) {
        if (data.memoryBacked() && cpuPath.isPresent()) {
            throw usage("--allow-tmpfs put the data directory on " + data.fsType() + " and --cpu-path-dir is given"
                    + " too: the run would measure the CPU path twice and the device never");
        }
    }

    private static void printWhere(PrintWriter printer, StorageInfo device, Optional<StorageInfo> cpuPath) {
        printer.printf("bench: %s: data in %s%n", Regime.of(device.memoryBacked()).label(), device.describe());
        cpuPath.ifPresent(c -> printer.printf("bench: %s: data in %s%n", Regime.CPU_PATH.label(), c.describe()));
        printer.flush();
    }

    private static List<Path> print(PrintWriter printer, BenchOutput.Written written) {
        printer.println();
        printer.print(written.report());
        printer.println();
        printer.flush();
        return written.files();
    }

    /** Checks the data directory; a RAM-backed one without permission is a usage error. */
    static StorageInfo storage(Path dir, boolean allowTmpfs, CommandLine commandLine) throws java.io.IOException {
        try {
            return DataDirectory.check(dir.toAbsolutePath().normalize(), allowTmpfs, MountTable.system());
        } catch (RefusedDirectoryException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
