package dev.crashbench.torture.cli;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.EngineOptionSets;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.H2;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.report.BenchOutput;
import dev.crashbench.bench.run.BenchPlan;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.BenchRun;
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
        description = {"The reference engine (default options, FULL durability, plus every --engine-option set), "
                + "SQLite (WAL + synchronous=FULL, and NORMAL as a non-durable reference), H2 (CHECKPOINT SYNC after "
                + "every commit) and the disk's floor (4 KiB pwrite + sync(DATA)), through the same JDBC code: commit "
                + "latency, point reads, a batch insert, a join, and the database size. Engines take turns in rounds "
                + "on fresh files; figures are medians across rounds with min-max.",
                "Each reference engine configuration first runs the fixed recovery campaign (the gate) with the "
                        + "same options: COUNTED when it finds nothing, REJECTED otherwise (with a replay file); "
                        + "REJECTED figures are printed apart and never ranked or charted.",
                "Writes results.jsonl, summary.json, report.md and commit-latency.png under --out.",
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

    @Option(names = "--engine-option", paramLabel = "[NAME:]KEY=VALUE[,KEY=VALUE...]",
            description = "One more reference engine configuration, repeatable (each occurrence is one configuration): "
                    + "engine options applied to the defaults, e.g. 'durability=normal' or "
                    + "'nosync:unsafe_sync_is_noop=true'. Unnamed ones are called crashbench[KEY=VALUE,...].")
    List<String> engineOptions = new ArrayList<>();

    @Option(names = "--workloads", split = ",", paramLabel = "W",
            description = "Workloads to run: commit, read, insert, join, size (size needs insert; default: all).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--allow-tmpfs", description = "Measure even on a RAM-backed file system (the figures then mean little).")
    boolean allowTmpfs;

    @Option(names = "--backend", description = "Real VFS backend of the floor: ${COMPLETION-CANDIDATES} (default: the preferred one, as the engine's).")
    Backend backend;

    @Override
    public Integer call() throws Exception {
        Profile profile = quick ? Profile.quick() : Profile.standard();
        if (rounds != null) {
            if (rounds < Profile.MIN_ROUNDS) {
                throw usage("--rounds must be at least " + Profile.MIN_ROUNDS);
            }
            profile = profile.withRounds(rounds);
        }
        List<Contender> contenders = new ArrayList<>();
        contenders.add(ReferenceEngine.defaults());
        for (String set : engineOptions) {
            try {
                contenders.add(EngineOptionSets.parse(set));
            } catch (IllegalArgumentException e) {
                throw usage("--engine-option " + set + ": " + e.getMessage());
            }
        }
        contenders.add(Sqlite.full());
        contenders.add(Sqlite.normal());
        contenders.add(new H2());
        contenders.add(new Floor(RealDiskBackend.resolve(backend, spec.commandLine())));
        Set<Workload> chosen = EnumSet.allOf(Workload.class);
        if (!workloads.isEmpty()) {
            chosen = EnumSet.noneOf(Workload.class);
            for (String w : workloads) {
                try {
                    chosen.add(Workload.byKey(w));
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
            }
        }
        Path output = out.toAbsolutePath().normalize();
        StorageInfo storage = storage(dataDir == null ? output.resolve("data") : dataDir, allowTmpfs, spec.commandLine());
        BenchPlan plan;
        try {
            plan = new BenchPlan(profile, contenders, chosen, storage, output.resolve("replay"),
                    Optional.of(Gate.standard()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("bench: data in %s%n", storage.describe());
        printer.flush();
        BenchResults results = new BenchRun(plan, printer).run();
        BenchOutput.Written written = BenchOutput.write(results, Gate.standard(), output);
        printer.println();
        printer.print(written.report());
        printer.println();
        for (Path f : written.files()) {
            printer.println("wrote " + f);
        }
        printer.flush();
        return results.rejectedSafeConfiguration() ? ExitCodes.VIOLATION : ExitCodes.OK;
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
