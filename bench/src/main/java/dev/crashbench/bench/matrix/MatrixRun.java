package dev.crashbench.bench.matrix;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.H2;
import dev.crashbench.bench.contender.ReferenceEngine;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the optimization matrix: the gate once on the baseline, every optimization alone and every
 * negative control (gated only, never measured), then the rounds in the device regime (the data
 * directory on the real disk), then, when a CPU-path directory is given, the same rounds there.
 * In each regime the baseline, each optimization alone, SQLite FULL, H2 and the floor take turns
 * within every round, as {@link BenchRun} does; then {@link StackSteps} builds that regime's
 * stack, each step gated (once for both regimes) and measured in rounds of its own.
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
        Map<String, GateResult> gates = new LinkedHashMap<>(deviceRun.gate());
        List<GateResult> controls = new ArrayList<>();
        if (!matrix.controls().isEmpty()) {
            progress.println("negative controls: each unsafe variant of an optimization must be caught by the gate");
            progress.flush();
            BenchPlan controlPlan = new BenchPlan(profile, new ArrayList<>(matrix.controls()), workloads, device,
                    replayDirectory, Optional.of(gate), devicePlan.regime());
            controls.addAll(new BenchRun(controlPlan, progress).gate().values());
        }
        double gateSeconds = (System.nanoTime() - start) / 1e9;
        List<MatrixRegime> regimes = new ArrayList<>();
        progress.println(devicePlan.regime().label() + ": data in " + device.describe());
        progress.flush();
        regimes.add(regime(deviceRun.measure(gates, gateSeconds), devicePlan, gates));
        if (cpuPath.isPresent()) {
            progress.println("CPU path regime (not durable): data in " + cpuPath.get().describe());
            progress.flush();
            BenchPlan cpuPlan = devicePlan.in(cpuPath.get(), Regime.CPU_PATH);
            regimes.add(regime(new BenchRun(cpuPlan, progress).measure(gates, gateSeconds), cpuPlan, gates));
        }
        return new MatrixResults(matrix, gates, regimes, controls);
    }

    /** Decides the baseline and each optimization alone, then builds the regime's stack step by step. */
    private MatrixRegime regime(BenchResults alone, BenchPlan plan, Map<String, GateResult> gates)
            throws IOException, SQLException {
        List<MatrixLine> aloneLines = MatrixDecision.decide(matrix, alone);
        StackSteps.Outcome stack = StackSteps.build(matrix, aloneLines, new StackPhases(plan, gates),
                MatrixDecision::judge);
        progress.println(plan.regime().shortLabel() + ": the stack kept is " + stack.kept().name() + " ("
                + MatrixPlan.describe(stack.kept().options()) + ")");
        progress.flush();
        return MatrixRegime.of(alone, aloneLines, stack);
    }

    /** A stack step's gate (once per configuration, shared by both regimes) and its own rounds. */
    private final class StackPhases implements StackSteps.Phases {
        private final BenchPlan regimePlan;
        private final Map<String, GateResult> gates;

        StackPhases(BenchPlan regimePlan, Map<String, GateResult> gates) {
            this.regimePlan = regimePlan;
            this.gates = gates;
        }

        @Override
        public GateResult gate(ReferenceEngine configuration) throws IOException {
            GateResult known = gates.get(configuration.name());
            if (known != null) {
                return known;
            }
            BenchPlan plan = new BenchPlan(profile, List.of(configuration), workloads, regimePlan.storage(),
                    replayDirectory, Optional.of(gate), regimePlan.regime());
            GateResult result = new BenchRun(plan, progress).gate().get(configuration.name());
            gates.put(configuration.name(), result);
            return result;
        }

        @Override
        public BenchResults measure(List<ReferenceEngine> configurations) throws IOException, SQLException {
            List<Contender> contenders = new ArrayList<>(configurations);
            contenders.add(Sqlite.full());
            contenders.add(new Floor(backend));
            Map<String, GateResult> phaseGates = new LinkedHashMap<>();
            for (Contender c : contenders) {
                phaseGates.put(c.name(), gates.getOrDefault(c.name(), GateResult.notGated(c.name())));
            }
            progress.println(regimePlan.regime().shortLabel() + ": stack step "
                    + configurations.get(configurations.size() - 1).name() + " against "
                    + configurations.get(configurations.size() - 2).name());
            progress.flush();
            BenchPlan plan = new BenchPlan(profile, contenders, workloads, regimePlan.storage(), replayDirectory,
                    Optional.of(gate), regimePlan.regime());
            return new BenchRun(plan, progress).measure(phaseGates, 0);
        }
    }
}
