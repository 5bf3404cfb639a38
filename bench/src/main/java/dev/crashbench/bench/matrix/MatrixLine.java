package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.run.BenchResults;
import java.util.Optional;

/**
 * One decided row of the matrix in one regime.
 *
 * @param row        the row
 * @param gate       the gate's result for its configuration (empty for a skipped row)
 * @param verdict    what the matrix decided
 * @param reason     why, in one line
 * @param measuredIn the rounds its figures come from: the regime's rounds for the baseline and each
 *                   optimization alone, its own rounds for a stack step (empty when not measured)
 */
public record MatrixLine(MatrixRow row, Optional<GateResult> gate, MatrixVerdict verdict, String reason,
                         Optional<BenchResults> measuredIn) {

    /** Whether the gate counted this row's configuration and its figures were measured. */
    public boolean hasFigures() {
        return measuredIn.isPresent() && gate.map(g -> g.verdict() == Verdict.COUNTED)
                .orElse(false);
    }
}
