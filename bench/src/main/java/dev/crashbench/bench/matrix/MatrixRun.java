package dev.crashbench.bench.matrix;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.H2;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.run.BenchPlan;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.BenchRun;
import dev.crashbench.bench.run.Regime;
import dev.crashbench.bench.storage.StorageInfo;
import dev.crashbench.vfs.local.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the optimization matrix: the gate once on every configuration of the matrix and on every
 * negative control (gated only, never measured), then the
 * rounds in the device regime (the data directory on the real disk), then, when a CPU-path
 * directory is given, the same rounds there. In each regime the matrix's configurations, SQLite
 * FULL, H2 and the floor take turns within every round, as {@link BenchRun} does.
 */
public final class MatrixRun {
    private final MatrixPlan matrix;
    private final Profile profile;
    private final Set<Workload> workloads;
    private final Gate gate;
    private final StorageInfo device;
    private final Optional<StorageInfo> cpuPath;
    private final Path replayDirectory;
    private final Backend backend;
    private final PrintWriter progress;

    public MatrixRun(MatrixPlan matrix, Profile profile, Set<Workload> workloads, Gate gate, StorageInfo device,
                     Optional<StorageInfo> cpuPath, Path replayDirectory, Backend backend, PrintWriter progress) {
        this.matrix = matrix;
        this.profile = profile;
        this.workloads = workloads;
        this.gate = gate;
        this.device = device;
        this.cpuPath = cpuPath;
        this.replayDirectory = replayDirectory;
        this.backend = backend;
        this.progress = progress;
    }

    /** Every contender of a matrix run, in turn order: the matrix's configurations, then the references. */
    public List<Contender> contenders() {
        List<Contender> all = new ArrayList<>(matrix.engines());
        all.add(Sqlite.full());
        all.add(new H2());
        all.add(new Floor(backend));
        return all;
    }

    /** @throws IllegalArgumentException when both directories are RAM-backed: two CPU-path runs of one matrix */
    public MatrixResults run() throws IOException, SQLException {
        if (device.memoryBacked() && cpuPath.isPresent()) {
            throw new IllegalArgumentException("the data directory " + device.directory() + " is RAM-backed too: a"
                    + " CPU-path directory beside it would measure the CPU path twice and the device never");
        }
        // A data directory allowed onto tmpfs is labelled for what it is: CPU path, never durable.
        BenchPlan devicePlan = new BenchPlan(profile, contenders(), workloads, device, replayDirectory,
                Optional.of(gate), Regime.of(device.memoryBacked()));
        long start = System.nanoTime();
        BenchRun deviceRun = new BenchRun(devicePlan, progress);
        Map<String, GateResult> gates = deviceRun.gate();
        List<GateResult> controls = new ArrayList<>();
        if (!matrix.controls().isEmpty()) {
            progress.println("negative controls: each unsafe variant of an optimization must be caught by the gate");
            progress.flush();
            BenchPlan controlPlan = new BenchPlan(profile, new ArrayList<>(matrix.controls()), workloads, device,
                    replayDirectory, Optional.of(gate), devicePlan.regime());
            controls.addAll(new BenchRun(controlPlan, progress).gate().values());
        }
        double gateSeconds = (System.nanoTime() - start) / 1e9;
        List<BenchResults> regimes = new ArrayList<>();
        progress.println(devicePlan.regime().label() + ": data in " + device.describe());
        progress.flush();
        regimes.add(deviceRun.measure(gates, gateSeconds));
        if (cpuPath.isPresent()) {
            progress.println("CPU path regime (not durable): data in " + cpuPath.get().describe());
            progress.flush();
            regimes.add(new BenchRun(devicePlan.in(cpuPath.get(), Regime.CPU_PATH), progress).measure(gates, gateSeconds));
        }
        return new MatrixResults(matrix, gates, regimes, controls);
    }
}
