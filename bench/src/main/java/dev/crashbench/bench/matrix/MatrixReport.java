package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.GateStage;
import dev.crashbench.bench.report.MarkdownReport;
import dev.crashbench.bench.run.Regime;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The matrix's human report: the rule, one table per regime in the optimization plan's own form
 * (optimization | gate | commit p50 / p95 / p99 | Δ p95 against the baseline | ÷ SQLite FULL |
 * ÷ floor | bytes allocated and written per commit | guardrails | verdict), the reason for every
 * verdict, then each regime's full bench report (every workload, the plan's protocol, the
 * concurrent writers, the gate's event counts). Figures of a configuration the gate did not count
 * are left out of the matrix table; the regime's report prints them apart.
 */
public final class MatrixReport {
    private final StringBuilder md = new StringBuilder();

    private MatrixReport() {
    }

    /** The commit marker of the plan (its commit-frame elimination) is how this engine already writes commits. */
    static final String COMMIT_MARKER = "The plan's commit marker folded into the last frame is not an option here: it is"
            + " how this engine already writes a commit. The last frame of every commit carries the commit marker (the"
            + " database size in pages) in its own header (`WalFrame`, offset 4), so a commit is its page frames and"
            + " nothing more; there is no separate commit frame to eliminate.";

    public static String of(MatrixResults results, Gate gate) {
        MatrixReport r = new MatrixReport();
        r.line("# crashbench optimization matrix");
        r.line("");
        r.line("Configurations: the baseline and each optimization alone, measured in the same rounds; then, in each"
                + " regime, the cumulative stack in the plan's order: each optimization ACCEPTED alone is added to the"
                + " stack kept so far, measured in rounds of its own beside it, and kept only when the rule accepts it"
                + " against that stack. Every configuration is gated first (seed " + gate.seed() + "):");
        r.line("");
        for (GateStage s : gate.stages()) {
            r.line("- gate stage " + s.name() + ": " + s.describe());
        }
        r.line("");
        r.line("Acceptance rule: " + AcceptanceRule.describe());
        r.line("");
        r.line(COMMIT_MARKER);
        r.line("");
        for (MatrixRegime regime : results.regimes()) {
            r.line("- " + regime.regime().label() + ": data in " + regime.alone().storage().describe());
        }
        r.line("");
        for (MatrixRegime regime : results.regimes()) {
            r.table(results.matrix(), regime);
        }
        r.defaults(MatrixDefaults.of(results));
        r.controls(results);
        for (MatrixRegime regime : results.regimes()) {
            r.md.append(MarkdownReport.of(regime.alone(), gate.stages(), gate.seed()).replaceFirst("^# ", "# "
                    + regime.regime().shortLabel() + " regime: "));
            r.line("");
        }
        return r.md.toString();
    }

    private void table(MatrixPlan matrix, MatrixRegime results) {
        Regime regime = results.regime();
        line("## Matrix, " + regime.label());
        line("");
        line(String.format(Locale.ROOT, "%d rounds; every figure the median across rounds (ratios per round first)%s.",
                results.alone().profile().rounds(), regime == Regime.CPU_PATH
                        ? "; CPU path, not durable: these latencies are the engine's own overhead, never durable latencies"
                        : ""));
        line("");
        line("| optimization | configuration | gate | commit p50 / p95 / p99 µs | Δ p95 vs baseline | ÷ SQLite FULL"
                + " (p95) | ÷ floor (p95) | bytes allocated / commit (JDBC / engine API) | bytes written / commit | point-read p95 µs"
                + " | join p95 µs | insert rows/s | size bytes | verdict |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<MatrixLine> lines = results.lines();
        for (MatrixLine l : lines) {
            StringBuilder row = new StringBuilder("| " + l.row().label() + " | " + l.row().contender().orElse("–")
                    + " | " + gateCell(l.gate()) + " |");
            Map<String, Double> f = l.hasFigures()
                    ? MatrixFigures.of(l.measuredIn().get(), l.row().contender().get(), matrix.baseline()) : Map.of();
            row.append(' ').append(num(f, MatrixFigures.COMMIT_P50, "%,.1f")).append(" / ")
                    .append(num(f, MatrixFigures.COMMIT_P95, "%,.1f")).append(" / ")
                    .append(num(f, MatrixFigures.COMMIT_P99, "%,.1f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.DELTA_P95, "%+.1f%%")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.OVER_SQLITE, "%.2f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.OVER_FLOOR, "%.2f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.ALLOCATED, "%,.0f")).append(" / ")
                    .append(num(f, MatrixFigures.ALLOCATED_API, "%,.0f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.WRITTEN, "%,.0f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.READ_P95, "%,.1f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.JOIN_P95, "%,.1f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.INSERT, "%,.0f")).append(" |");
            row.append(' ').append(num(f, MatrixFigures.SIZE, "%,.0f")).append(" |");
            row.append(" **").append(l.verdict().text()).append("** |");
            line(row.toString());
        }
        line("");
        line("Why:");
        line("");
        for (MatrixLine l : lines) {
            line("- " + l.row().label() + ": **" + l.verdict().text() + "**: " + l.reason().replace("|", "\\|")
                    + (l.row().note().isEmpty() || l.row().contender().isEmpty() ? "" : " (" + l.row().note() + ")"));
        }
        line("");
        line("The stack kept in this regime: **" + results.kept().name() + "** (" + MatrixPlan.describe(results.kept().options())
                + "). A stack step's figures come from its own rounds, in which the baseline, the stack it extends,"
                + " SQLite FULL and the floor ran beside it; its Δ is against the baseline of those rounds, its verdict"
                + " against the stack it extends.");
        line("");
    }

    /** Which optimizations the run recommends as the engine's defaults, and why. */
    private void defaults(MatrixDefaults d) {
        line("## Defaults");
        line("");
        line("Rule: " + MatrixDefaults.describe());
        line("");
        line("Recommended defaults: **" + (d.recommended().isEmpty() ? "none" : d.keys()) + "**");
        line("");
        for (String reason : d.reasons()) {
            line("- " + reason);
        }
        line("");
    }

    /** The negative controls: every unsafe variant of an optimization, which the gate must catch. */
    private void controls(MatrixResults results) {
        if (results.controls().isEmpty()) {
            return;
        }
        line("## Negative controls: each optimization's unsafe variants, gated only");
        line("");
        line("Each is the baseline with one `unsafe_*` variant on (and the optimization it is a careless implementation"
                + " of). The gate must catch each with a violation of its own; crash states are those the gate checked"
                + " up to and including the stage that caught it.");
        line("");
        line("| optimization | unsafe variant | what it breaks | gate | rule | crash states until caught | replay file |");
        line("|---|---|---|---|---|---|---|");
        for (GateResult g : results.controls()) {
            ReferenceEngine control = results.matrix().controls().stream().filter(c -> c.name().equals(g.engine()))
                    .findFirst().orElseThrow();
            for (UnsafeMutation m : control.options().mutations()) {
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |",
                        m.requires().map(Optimization::key).orElse("–"), m.key(), m.describe().replace("|", "\\|"),
                        g.verdict(), g.found() == null ? "**not caught by the campaign**" : g.found().violation().rule().name(),
                        g.found() == null ? "–" : String.format(Locale.ROOT, "%,d", g.states()),
                        g.replayFile() == null ? "" : "`" + g.replayFile() + "`"));
            }
        }
        line("");
    }

    /** COUNTED; REJECTED: the rule broken and the replay file; NOT_EXERCISED: the event never counted. */
    static String gateCell(Optional<GateResult> gate) {
        if (gate.isEmpty()) {
            return "–";
        }
        GateResult g = gate.get();
        return switch (g.verdict()) {
            case COUNTED, NOT_GATED -> g.verdict().name();
            case REJECTED -> g.found() != null
                    ? "REJECTED: " + g.found().violation().rule().name()
                    + (g.replayFile() == null ? "" : ", replay `" + g.replayFile() + "`")
                    : "REJECTED: unsafe " + String.join(", ", g.unsafeOptions());
            case NOT_EXERCISED -> {
                List<String> zero = new ArrayList<>();
                for (Optimization o : g.unexercised()) {
                    zero.add(o.exercisedBy().name() + " = 0");
                }
                yield "NOT_EXERCISED: " + String.join(", ", zero);
            }
        };
    }

    private static String num(Map<String, Double> f, String key, String format) {
        Double v = f.get(key);
        return v == null ? "–" : String.format(Locale.ROOT, format, v);
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
