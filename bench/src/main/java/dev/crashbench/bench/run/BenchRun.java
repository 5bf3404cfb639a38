package dev.crashbench.bench.run;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.JdbcContender;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.measure.ApiCommitLatency;
import dev.crashbench.bench.measure.BatchInsert;
import dev.crashbench.bench.measure.CommitLatency;
import dev.crashbench.bench.measure.ConcurrentCommits;
import dev.crashbench.bench.measure.FloorLatency;
import dev.crashbench.bench.measure.JoinGroupBy;
import dev.crashbench.bench.measure.PointReads;
import dev.crashbench.faultvfs.Seeds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a {@link BenchPlan}: first the gate for every gated configuration, then the rounds. In a
 * round every workload runs on every contender in turn (commit on A, B, C, then reads on A, B,
 * C, ...), each on a fresh directory deleted afterwards, so drift of a shared machine hits all
 * contenders alike and no run inherits another's files. Rejected configurations are measured too
 * (their figures are printed apart), unless there is nothing to measure them against.
 */
public final class BenchRun {
    private final BenchPlan plan;
    private final PrintWriter progress;

    public BenchRun(BenchPlan plan, PrintWriter progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** The gate for every gated configuration, then the rounds. */
    public BenchResults run() throws IOException, SQLException {
        long start = System.nanoTime();
        Map<String, GateResult> gates = gate();
        return measure(gates, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The rounds only, with gate results already known (a second regime of a run whose gate ran
     * once: the options and so the verdicts are the same).
     *
     * @param gateSeconds the time the gate took, for the report
     */
    public BenchResults measure(Map<String, GateResult> gates, double gateSeconds) throws IOException, SQLException {
        Instant started = Instant.now();
        long start = System.nanoTime();
        String loadBefore = Machine.loadAverage();
        List<Sample> samples = new ArrayList<>();
        Profile p = plan.profile();
        Path data = plan.storage().directory();
        for (int round = 1; round <= p.rounds(); round++) {
            long roundStart = System.nanoTime();
            Path roundDir = data.resolve("round-" + round);
            for (Workload w : Workload.values()) {
                if (w == Workload.SIZE) {
                    continue; // measured by INSERT
                }
                for (Contender c : plan.contenders()) {
                    if (plan.runs(c, w)) {
                        Path dir = roundDir.resolve(c.name()).resolve(w.key());
                        deleteTree(dir);
                        Files.createDirectories(dir);
                        measure(c, w, round, dir, samples);
                        deleteTree(dir);
                    }
                }
            }
            deleteTree(roundDir);
            progress.printf(Locale.ROOT, "%s: round %d/%d done in %.1f s (load %s)%n", plan.regime().shortLabel(),
                    round, p.rounds(),
                    (System.nanoTime() - roundStart) / 1e9, Machine.loadAverage());
            progress.flush();
        }
        List<Workload> workloads = new ArrayList<>(plan.workloads());
        return new BenchResults(started, Machine.current(), loadBefore, Machine.loadAverage(), plan.storage(), p,
                workloads, plan.contenders(), gates, samples, gateSeconds, gateSeconds + (System.nanoTime() - start) / 1e9,
                plan.regime());
    }

    /** Runs the gate on every gated configuration; the others are NOT_GATED. */
    public Map<String, GateResult> gate() throws IOException {
        Map<String, GateResult> gates = new LinkedHashMap<>();
        for (Contender c : plan.contenders()) {
            if (c instanceof ReferenceEngine && plan.gate().isPresent()) {
                ReferenceEngine engine = (ReferenceEngine) c;
                progress.printf("gate: %s (%s)%n", engine.name(), engine.settings());
                progress.flush();
                GateResult result = plan.gate().get().check(engine, plan.replayDirectory(), line -> {
                    progress.println(line);
                    progress.flush();
                }, System::nanoTime);
                progress.printf("gate: %s is %s: %s%n", engine.name(), result.verdict(), result.reason());
                if (result.replayFile() != null) {
                    progress.printf("gate: replay file %s%n", result.replayFile());
                }
                progress.flush();
                gates.put(c.name(), result);
            } else {
                gates.put(c.name(), GateResult.notGated(c.name()));
            }
        }
        return gates;
    }

    private void measure(Contender c, Workload w, int round, Path dir, List<Sample> samples)
            throws IOException, SQLException {
        try {
            measureOnce(c, w, round, dir, samples);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring " + c.name() + " " + w.key(), e);
        }
    }

    private void measureOnce(Contender c, Workload w, int round, Path dir, List<Sample> samples)
            throws IOException, SQLException, InterruptedException {
        Profile p = plan.profile();
        if (c instanceof Floor) {
            samples.add(new Sample(c.name(), w, round,
                    FloorLatency.run(dir, ((Floor) c).backend(), p.commitWarmup(), p.commits())));
            return;
        }
        JdbcContender jdbc = (JdbcContender) c;
        switch (w) {
            case COMMIT -> samples.add(new Sample(c.name(), w, round,
                    CommitLatency.run(jdbc, dir, p.commitWarmup(), p.commits())));
            case READ -> samples.add(new Sample(c.name(), w, round, PointReads.run(jdbc, dir, p.readRows(),
                    p.batchRows(), p.readWarmup(), p.reads(), Seeds.mix(p.seed(), round))));
            case INSERT -> {
                BatchInsert.Outcome o = BatchInsert.run(jdbc, dir, p.insertRows(), p.batchRows());
                samples.add(new Sample(c.name(), w, round, o.throughput()));
                if (plan.workloads().contains(Workload.SIZE)) {
                    samples.add(new Sample(c.name(), Workload.SIZE, round, o.size()));
                }
            }
            case API_COMMIT -> samples.add(new Sample(c.name(), w, round,
                    ApiCommitLatency.run((ReferenceEngine) c, dir, p.commitWarmup(), p.commits())));
            case PROTOCOL -> samples.add(new Sample(c.name(), w, round,
                    CommitLatency.run(jdbc, dir, 0, p.protocolCommits())));
            case CONCURRENT -> samples.add(new Sample(c.name(), w, round,
                    ConcurrentCommits.run(jdbc, dir, p.concurrentWarmup(), p.concurrentCommits())));
            case JOIN -> samples.add(new Sample(c.name(), w, round, JoinGroupBy.run(jdbc, dir, p.joinUsers(),
                    p.ordersPerUser(), p.batchRows(), p.joinWarmup(), p.joinRuns())));
            default -> throw new IllegalStateException("no measurement for " + w);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
