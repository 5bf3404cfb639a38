package dev.crashbench.bench.report;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.Floor;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.GateStage;
import dev.crashbench.bench.gate.StageOutcome;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.measure.Concurrency;
import dev.crashbench.bench.measure.ConcurrentCommits;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.bench.measure.Size;
import dev.crashbench.bench.measure.Throughput;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Machine;
import dev.crashbench.bench.run.Regime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The human report: where and how the run measured, the gate's verdicts, one table per workload
 * with every figure as "median (min–max across rounds)", the ratios to SQLite FULL and to the
 * floor, a ranking by commit p50, and the REJECTED configurations apart.
 */
public final class MarkdownReport {
    private final BenchResults r;
    private final Aggregates agg;
    private final StringBuilder md = new StringBuilder();
    private final String sqliteFull = Sqlite.full().name();
    private final String floor = "floor";

    private MarkdownReport(BenchResults results) {
        this.r = results;
        this.agg = new Aggregates(results);
    }

    public static String of(BenchResults results, List<GateStage> gateStages, long gateSeed) {
        MarkdownReport report = new MarkdownReport(results);
        report.header();
        report.configurations();
        report.gate(gateStages, gateSeed);
        report.tables(results.ranked(), false);
        if (!results.rejected().isEmpty()) {
            report.line("## REJECTED and NOT_EXERCISED configurations: measured, not counted");
            report.line("");
            report.line("These failed the gate (or switch on an unsafe option). Their figures are what breaking the rule bought;"
                    + " they are in no ranking and no chart.");
            report.line("");
            report.tables(results.rejected(), true);
        }
        return report.md.toString();
    }

    private void header() {
        Machine m = r.machine();
        Profile p = r.profile();
        line("# crashbench bench, " + r.started() + ", " + r.regime().shortLabel());
        line("");
        line("- regime: " + r.regime().label());
        line("- machine: " + m.cpu() + ", " + m.cores() + " cores; CPUs allowed " + m.cpusAllowed()
                + (m.cpusAllowed().equals("0-" + (m.cores() - 1)) ? " (not pinned)" : " (pinned)") + "; " + m.os()
                + "; " + m.jvm());
        line("- load average (1, 5, 15 min): " + r.loadBefore() + " at the start, " + r.loadAfter() + " at the end");
        line("- data directory: " + r.storage().describe());
        line(String.format(Locale.ROOT, "- %d rounds, engines interleaved (A B C A B C ...), each round on fresh files; "
                + "run time %.0f s, of which the gate %.0f s", p.rounds(), r.totalSeconds(), r.gateSeconds()));
        line(String.format(Locale.ROOT, "- sizes: commit %,d warm-up + %,d timed per round; point read %,d users, "
                        + "%,d warm-up + %,d timed per round; insert %,d rows in one transaction, %,d per batch; "
                        + "join %,d users x %,d orders, %,d warm-up + %,d timed per round",
                p.commitWarmup(), p.commits(), p.readRows(), p.readWarmup(), p.reads(), p.insertRows(), p.batchRows(),
                p.joinUsers(), p.ordersPerUser(), p.joinWarmup(), p.joinRuns()));
        line("- every figure is the median across rounds, with (min–max) across rounds; a ratio is taken per round, "
                + "then its median (min–max) across rounds");
        line("");
    }

    private void configurations() {
        line("## Configurations");
        line("");
        line("| name | gate | durable | settings |");
        line("|---|---|---|---|");
        for (Contender c : r.contenders()) {
            line("| " + c.name() + " | " + r.verdict(c.name()) + " | " + (c.durable() ? "yes" : "**no**") + " | "
                    + c.settings() + " |");
        }
        line("");
    }

    private void gate(List<GateStage> stages, long seed) {
        List<GateResult> gated = new ArrayList<>();
        for (GateResult g : r.gates().values()) {
            if (g.verdict() != Verdict.NOT_GATED) {
                gated.add(g);
            }
        }
        if (gated.isEmpty()) {
            line("## Gate: not run; no reference engine figure here counts");
            line("");
            return;
        }
        line("## Gate");
        line("");
        line("Before a reference engine configuration is measured, the fixed recovery campaign (seed " + seed
                + ", SimDisk with the worst-case disk model, every fault family, stopping at the first violation) runs"
                + " with its options:");
        line("");
        for (GateStage s : stages) {
            line("- " + s.name() + ": " + s.describe());
        }
        line("");
        line("| configuration | verdict | crash states | seconds | why | replay file |");
        line("|---|---|---|---|---|---|");
        for (GateResult g : gated) {
            line(String.format(Locale.ROOT, "| %s | **%s** | %,d | %.1f | %s | %s |", g.engine(), g.verdict(), g.states(),
                    g.seconds(), g.reason().replace("|", "\\|"), g.replayFile() == null ? "" : "`" + g.replayFile() + "`"));
        }
        line("");
        gateEvents(gated);
        for (GateResult g : gated) {
            for (StageOutcome o : g.stages()) {
                line(String.format(Locale.ROOT, "- %s, %s: %,d crash states, %d seed %s completed, %.1f s%s", g.engine(),
                        o.stage().name(), o.states(), o.seeds(), o.seeds() == 1 ? "index" : "indices", o.seconds(),
                        o.found() ? ": **violation**" : ""));
            }
        }
        line("");
    }

    /** How often the gate's workloads took each engine code path, per configuration: what the campaign exercised. */
    private void gateEvents(List<GateResult> gated) {
        line("Engine events the gate's workloads counted (summed over the stages that ran): an optimization whose"
                + " event stays 0 was not exercised, and its configuration is NOT_EXERCISED.");
        line("");
        StringBuilder head = new StringBuilder("| configuration |");
        StringBuilder rule = new StringBuilder("|---|");
        for (EngineEvent e : EngineEvent.values()) {
            head.append(' ').append(e.name()).append(" |");
            rule.append("---|");
        }
        line(head.toString());
        line(rule.toString());
        for (GateResult g : gated) {
            StringBuilder row = new StringBuilder("| " + g.engine() + " |");
            for (EngineEvent e : EngineEvent.values()) {
                row.append(String.format(Locale.ROOT, " %,d |", g.count(e)));
            }
            line(row.toString());
        }
        line("");
    }

    private void tables(List<Contender> contenders, boolean rejected) {
        String level = rejected ? "### " : "## ";
        if (r.workloads().contains(Workload.COMMIT)) {
            line(level + (cpuPath() ? "Commit latency (µs), CPU path, not durable: one-row UPDATE in auto-commit, syncs on a"
                    + " RAM-backed file system (the floor: 4 KiB pwrite + sync there)"
                    : "Commit latency (µs): one-row UPDATE in auto-commit, each a durable commit (the floor: 4 KiB pwrite + sync)"));
            line("");
            latencyTable(contenders, Workload.COMMIT, true);
            ratioTable(contenders, Workload.COMMIT);
            if (!rejected) {
                ranking(contenders);
            }
        }
        if (r.workloads().contains(Workload.API_COMMIT)) {
            line(level + "Commit through the engine API (µs)" + regimeTag() + ": one put per write transaction, no SQL"
                    + " or JDBC; its bytes allocated per commit are the engine's own");
            line("");
            latencyTable(contenders, Workload.API_COMMIT, true);
        }
        if (r.workloads().contains(Workload.PROTOCOL)) {
            line(level + "The plan's protocol (µs)" + regimeTag() + ": fresh database with one row, no warm-up, "
                    + String.format(Locale.ROOT, "%,d", r.profile().protocolCommits()) + " timed one-row UPDATEs in auto-commit");
            line("");
            latencyTable(contenders, Workload.PROTOCOL, true);
        }
        if (r.workloads().contains(Workload.CONCURRENT)) {
            line(level + "Concurrent writers" + regimeTag() + ": each thread commits one-row UPDATEs to its own row ("
                    + String.format(Locale.ROOT, "%,d warm-up + %,d timed per thread", r.profile().concurrentWarmup(),
                    r.profile().concurrentCommits()) + "); SQLite serializes writers (busy_timeout set)");
            line("");
            concurrencyTable(contenders);
        }
        if (r.workloads().contains(Workload.READ)) {
            line(level + "Point read (µs)" + regimeTag() + ": prepared SELECT * FROM users WHERE id = ?, random ids");
            line("");
            latencyTable(contenders, Workload.READ, false);
        }
        if (r.workloads().contains(Workload.JOIN)) {
            line(level + "Join (µs)" + regimeTag() + ": " + dev.crashbench.bench.measure.JoinGroupBy.SQL);
            line("");
            latencyTable(contenders, Workload.JOIN, false);
        }
        if (r.workloads().contains(Workload.INSERT)) {
            line(level + "Batch insert" + regimeTag() + ": rows in one transaction, first row to "
                    + (cpuPath() ? "commit" : "durable commit"));
            line("");
            valueTable(contenders, Workload.INSERT, Throughput.ROWS_PER_SECOND, "rows/s", "%,.0f");
        }
        if (r.workloads().contains(Workload.SIZE)) {
            line(level + "Database size after the insert" + regimeTag() + " (all its files, connection closed; while open beside it)");
            line("");
            valueTable(contenders, Workload.SIZE, Size.BYTES, "bytes", "%,.0f");
        }
    }

    private void concurrencyTable(List<Contender> contenders) {
        line("| engine | gate | writers | " + (cpuPath() ? "commits/s (CPU path, not durable)" : "durable commits/s")
                + " | p50 | p95 | p99 | p99.9 | max | finish spread | commits/s / SQLite FULL | p99 / SQLite FULL"
                + " | p99.9 / SQLite FULL |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Contender c : contenders) {
            if (r.samples(c.name(), Workload.CONCURRENT).isEmpty()) {
                continue;
            }
            for (int writers : ConcurrentCommits.WRITERS) {
                StringBuilder row = new StringBuilder("| " + label(c) + " | " + r.verdict(c.name()) + " | " + writers + " |");
                row.append(' ').append(cell(agg.figure(c.name(), Workload.CONCURRENT,
                        Concurrency.key(writers, Concurrency.COMMITS_PER_SECOND)), "%,.0f")).append(" |");
                for (String key : List.of(Latency.P50, Latency.P95, Latency.P99, Latency.P999, Latency.MAX)) {
                    row.append(' ').append(cell(agg.figure(c.name(), Workload.CONCURRENT,
                            Concurrency.key(writers, key)), "%,.1f")).append(" |");
                }
                row.append(' ').append(cell(agg.figure(c.name(), Workload.CONCURRENT,
                        Concurrency.key(writers, Concurrency.FINISH_SPREAD)), "%.2f")).append(" |");
                row.append(' ').append(ratioCell(c, sqliteFull, Workload.CONCURRENT,
                        Concurrency.key(writers, Concurrency.COMMITS_PER_SECOND))).append(" |");
                row.append(' ').append(ratioCell(c, sqliteFull, Workload.CONCURRENT,
                        Concurrency.key(writers, Latency.P99))).append(" |");
                row.append(' ').append(ratioCell(c, sqliteFull, Workload.CONCURRENT,
                        Concurrency.key(writers, Latency.P999))).append(" |");
                line(row.toString());
            }
        }
        line("");
        line("Finish spread: the time until the first writer finished its timed commits ÷ the time until the last"
                + " one did (1: the writers took turns; near 1 / writers: one ran through its commits while the"
                + " others waited). A writer that sleeps and retries while another holds the lock (SQLite's busy"
                + " handler) lets the holder run ahead, so most commits are fast and a few wait very long: p99 alone"
                + " hides that, p99.9, max and the spread show it.");
        line("");
    }

    private void latencyTable(List<Contender> contenders, Workload w, boolean allocation) {
        if (allocation) {
            commitLatencyTable(contenders, w);
            return;
        }
        line("| engine | gate | p50 | p95 | p99 | max | mean | p50 / SQLite FULL |");
        line("|---|---|---|---|---|---|---|---|");
        for (Contender c : contenders) {
            if (r.samples(c.name(), w).isEmpty()) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + label(c) + " | " + r.verdict(c.name()) + " |");
            for (String key : List.of(Latency.P50, Latency.P95, Latency.P99, Latency.MAX, Latency.MEAN)) {
                row.append(' ').append(cell(agg.figure(c.name(), w, key), "%,.1f")).append(" |");
            }
            row.append(' ').append(ratioCell(c, sqliteFull, w, Latency.P50)).append(" |");
            line(row.toString());
        }
        line("");
    }

    /** A commit workload: the tail (p99.9, max: where inline checkpoints show) and bytes allocated and written per commit. */
    private void commitLatencyTable(List<Contender> contenders, Workload w) {
        line("| engine | gate | p50 | p95 | p99 | p99.9 | max | mean | bytes allocated / commit | bytes written / commit"
                + " | p50 / SQLite FULL | p95 / SQLite FULL |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Contender c : contenders) {
            if (r.samples(c.name(), w).isEmpty()) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + label(c) + " | " + r.verdict(c.name()) + " |");
            for (String key : List.of(Latency.P50, Latency.P95, Latency.P99, Latency.P999, Latency.MAX, Latency.MEAN)) {
                row.append(' ').append(cell(agg.figure(c.name(), w, key), "%,.1f")).append(" |");
            }
            row.append(' ').append(cell(agg.figure(c.name(), w, Latency.ALLOCATED), "%,.0f")).append(" |");
            row.append(' ').append(cell(agg.figure(c.name(), w, Latency.WRITTEN), "%,.0f")).append(" |");
            row.append(' ').append(ratioCell(c, sqliteFull, w, Latency.P50)).append(" |");
            row.append(' ').append(ratioCell(c, sqliteFull, w, Latency.P95)).append(" |");
            line(row.toString());
        }
        line("");
    }

    private void ratioTable(List<Contender> contenders, Workload w) {
        line("Ratios (per round, then median (min–max)):");
        line("");
        line("| engine | p50 / SQLite FULL | p95 / SQLite FULL | p99 / SQLite FULL | p50 / floor | p95 / floor | p99 / floor |");
        line("|---|---|---|---|---|---|---|");
        for (Contender c : contenders) {
            if (r.samples(c.name(), w).isEmpty()) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + label(c) + " |");
            for (String ref : List.of(sqliteFull, floor)) {
                for (String key : List.of(Latency.P50, Latency.P95, Latency.P99)) {
                    row.append(' ').append(ratioCell(c, ref, w, key)).append(" |");
                }
            }
            line(row.toString());
        }
        line("");
    }

    private void ranking(List<Contender> contenders) {
        List<Contender> ranked = new ArrayList<>();
        for (Contender c : contenders) {
            if (!(c instanceof Floor) && agg.figure(c.name(), Workload.COMMIT, Latency.P50).isPresent()) {
                ranked.add(c);
            }
        }
        if (ranked.isEmpty()) {
            return;
        }
        ranked.sort(Comparator.comparingDouble(c -> agg.figure(c.name(), Workload.COMMIT, Latency.P50).get().median()));
        line("Ranking by commit p50 (COUNTED and NOT_GATED only; the floor is the bound, not a contender):");
        line("");
        int place = 1;
        for (Contender c : ranked) {
            line(String.format(Locale.ROOT, "%d. %s: %,.1f µs%s", place++, label(c),
                    agg.figure(c.name(), Workload.COMMIT, Latency.P50).get().median(),
                    c.durable() ? "" : " (NOT durable: a reference, not a competitor)"));
        }
        line("");
    }

    private void valueTable(List<Contender> contenders, Workload w, String key, String unit, String format) {
        String second = w == Workload.SIZE ? Size.BYTES_WHILE_OPEN : Throughput.SECONDS;
        line("| engine | gate | " + unit + " | " + (w == Workload.SIZE ? "bytes while open" : "seconds")
                + " | / SQLite FULL |");
        line("|---|---|---|---|---|");
        for (Contender c : contenders) {
            if (r.samples(c.name(), w).isEmpty()) {
                continue;
            }
            line("| " + label(c) + " | " + r.verdict(c.name()) + " | " + cell(agg.figure(c.name(), w, key), format)
                    + " | " + cell(agg.figure(c.name(), w, second), w == Workload.SIZE ? "%,.0f" : "%,.3f") + " | "
                    + ratioCell(c, sqliteFull, w, key) + " |");
        }
        line("");
    }

    private String ratioCell(Contender c, String reference, Workload w, String key) {
        if (c.name().equals(reference)) {
            return "1";
        }
        return cell(agg.ratio(c.name(), reference, w, key), "%.2f");
    }

    private static String cell(Optional<Spread> s, String format) {
        if (s.isEmpty()) {
            return "–";
        }
        Spread v = s.get();
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", v.median(), v.min(), v.max());
    }

    private static String label(Contender c) {
        return c.durable() ? c.name() : c.name() + " (not durable)";
    }

    private boolean cpuPath() {
        return r.regime() == Regime.CPU_PATH;
    }

    /** Every table heading of a CPU-path run says so: its latencies are never durable ones. */
    private String regimeTag() {
        return cpuPath() ? ", CPU path, not durable" : "";
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
