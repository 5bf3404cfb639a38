package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.run.BenchResults;
import java.util.List;
import java.util.Map;

/**
 * A matrix run: the matrix, the gate's result for every configuration (run once; both regimes
 * measure the same options), and each regime's results, device first.
 */
public record MatrixResults(MatrixPlan matrix, Map<String, GateResult> gates, List<BenchResults> regimes) {

    public MatrixResults {
        gates = Map.copyOf(gates);
        regimes = List.copyOf(regimes);
    }

    /** Whether a configuration with no unsafe option was rejected by the gate: the engine itself broke a rule. */
    public boolean rejectedSafeConfiguration() {
        return gates.values().stream().anyMatch(GateResult::rejectedSafeConfiguration);
    }
}
