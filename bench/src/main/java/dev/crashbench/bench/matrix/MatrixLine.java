package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.GateResult;
import java.util.Optional;

/**
 * One decided row of the matrix in one regime.
 *
 * @param row      the row
 * @param gate     the gate's result for its configuration (empty for a skipped row)
 * @param verdict  what the matrix decided
 * @param reason   why, in one line
 */
public record MatrixLine(MatrixRow row, Optional<GateResult> gate, MatrixVerdict verdict, String reason) {
}
