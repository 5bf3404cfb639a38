package dev.crashbench.bench.matrix;

import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Regime;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix in one regime.
 *
 * @param alone the rounds of the baseline, every optimization alone and the references
 * @param lines the decided rows: the baseline, every optimization alone, then every stack step
 * @param stack the rounds measured for the stack's steps, in step order
 * @param kept  the stack this regime kept: the baseline when it accepted no step
 */
public record MatrixRegime(BenchResults alone, List<MatrixLine> lines, List<BenchResults> stack,
                           ReferenceEngine kept) {

    public MatrixRegime {
        lines = List.copyOf(lines);
        stack = List.copyOf(stack);
    }

    /** The regime's decided rows: {@link MatrixDecision} for the baseline and each alone, then the stack's steps. */
    public static MatrixRegime of(BenchResults alone, List<MatrixLine> aloneLines, StackSteps.Outcome stack) {
        List<MatrixLine> lines = new ArrayList<>(aloneLines);
        lines.addAll(stack.lines());
        return new MatrixRegime(alone, lines, stack.phases(), stack.kept());
    }

    /** Every set of rounds of this regime: the baseline and each alone first, then each stack step's. */
    public List<BenchResults> phases() {
        List<BenchResults> all = new ArrayList<>(List.of(alone));
        all.addAll(stack);
        return all;
    }

    public Regime regime() {
        return alone.regime();
    }
}
