package dev.crashbench.bench.matrix;

import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.OptionConflict;
import dev.crashbench.engine.Optimization;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cumulative stack of one regime, built the way the optimization plan built its own: in plan
 * order, each optimization that was ACCEPTED alone is added to the stack kept so far, the new
 * stack is gated, measured in rounds of its own beside the stack it extends (and the baseline,
 * SQLite FULL and the floor, for the table's other columns), and kept only when the acceptance
 * rule accepts it against the stack it extends. A step's verdict is therefore decided before the
 * next step is added, and an optimization that lost alone, or lost on top of the others, never
 * weighs on the steps after it.
 *
 * <p>The first step that adds an optimization to the bare baseline is that optimization alone,
 * already judged against the baseline: it is not measured again.
 */
public final class StackSteps {
    private StackSteps() {
    }

    /** What building the stack needs from the run: a gate, and rounds of a few configurations. */
    public interface Phases {
        /** The gate's result for a stack configuration (gated once per distinct configuration). */
        GateResult gate(ReferenceEngine configuration) throws IOException;

        /**
         * Rounds of {@code configurations} (the baseline first, the candidate last), beside the
         * references the table compares with.
         */
        BenchResults measure(List<ReferenceEngine> configurations) throws IOException, SQLException;
    }

    /** The acceptance rule of a candidate against the configuration it extends, in one phase's rounds. */
    @FunctionalInterface
    public interface Judge {
        Judgement judge(BenchResults phase, String against, String candidate);
    }

    /**
     * The stack of one regime.
     *
     * @param lines  one line per optimization of the matrix, in plan order
     * @param kept   the stack kept at the end: the baseline when no step was accepted
     * @param phases the rounds measured for the steps, in step order
     */
    public record Outcome(List<MatrixLine> lines, ReferenceEngine kept, List<BenchResults> phases) {
        public Outcome {
            lines = List.copyOf(lines);
            phases = List.copyOf(phases);
        }
    }

    /** Builds the stack from the regime's decided baseline and alone lines ({@link MatrixDecision#decide}). */
    public static Outcome build(MatrixPlan matrix, List<MatrixLine> alone, Phases phases, Judge judge)
            throws IOException, SQLException {
        ReferenceEngine baseline = matrix.baselineEngine();
        ReferenceEngine kept = baseline;
        List<MatrixLine> lines = new ArrayList<>();
        List<BenchResults> measured = new ArrayList<>();
        boolean baselineCounted = alone.stream().anyMatch(l -> l.verdict() == MatrixVerdict.BASELINE);
        for (Optimization o : matrix.order()) {
            String label = "stack + " + o.key();
            Optional<MatrixLine> aloneLine = alone.stream()
                    .filter(l -> l.row().kind() != MatrixRow.Kind.BASELINE && l.row().added().equals(Optional.of(o)))
                    .findFirst();
            MatrixVerdict aloneVerdict = aloneLine.map(MatrixLine::verdict).orElse(MatrixVerdict.NOT_JUDGED);
            if (!baselineCounted) {
                lines.add(skipped(label, o, "the baseline was not counted by the gate"));
                continue;
            }
            if (aloneVerdict != MatrixVerdict.ACCEPTED) {
                lines.add(skipped(label, o, "not stacked: " + o.key() + " alone was " + aloneVerdict.text()));
                continue;
            }
            EngineOptions next = kept.options().withOptimization(o, true);
            Optional<OptionConflict> conflict = OptionConflict.among(next.optimizations());
            if (conflict.isPresent()) {
                lines.add(skipped(label, o, "not stacked: " + conflict.get().describe()));
                continue;
            }
            ReferenceEngine candidate = matrix.stackConfiguration(next);
            if (kept == baseline && candidate.name().equals(aloneLine.get().row().contender().orElse(""))) {
                MatrixLine a = aloneLine.get();
                lines.add(new MatrixLine(new MatrixRow(label, MatrixRow.Kind.STACK, Optional.of(o),
                        Optional.of(candidate.name()), "the same options as " + o.key() + " alone: judged there"),
                        a.gate(), a.verdict(), "against " + baseline.name() + ": " + a.reason(), a.measuredIn()));
                kept = candidate;
                continue;
            }
            MatrixRow row = new MatrixRow(label, MatrixRow.Kind.STACK, Optional.of(o), Optional.of(candidate.name()), "");
            GateResult gate = phases.gate(candidate);
            if (gate.verdict() != Verdict.COUNTED) {
                lines.add(new MatrixLine(row, Optional.of(gate), MatrixVerdict.REJECTED_GATE,
                        gate.verdict() + ": " + gate.reason(), Optional.empty()));
                continue;
            }
            List<ReferenceEngine> configurations = new ArrayList<>(List.of(baseline));
            if (kept != baseline) {
                configurations.add(kept);
            }
            configurations.add(candidate);
            BenchResults phase = phases.measure(configurations);
            measured.add(phase);
            Judgement j = judge.judge(phase, kept.name(), candidate.name());
            lines.add(new MatrixLine(row, Optional.of(gate), j.verdict(), "against " + kept.name() + ": " + j.reason(),
                    Optional.of(phase)));
            if (j.verdict() == MatrixVerdict.ACCEPTED) {
                kept = candidate;
            }
        }
        return new Outcome(lines, kept, measured);
    }

    private static MatrixLine skipped(String label, Optimization o, String why) {
        return new MatrixLine(new MatrixRow(label, MatrixRow.Kind.SKIPPED, Optional.of(o), Optional.empty(), why),
                Optional.empty(), MatrixVerdict.NOT_JUDGED, why, Optional.empty());
    }
}
