package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.run.BenchResults;
import java.util.List;
import java.util.Map;

/**
 * A matrix run: the matrix, the gate's result for every configuration (run once; both regimes
 * measure the same options), each regime's results, device first, and the gate's result for
 * every negative control, in the matrix's order.
 */
public record MatrixResults(MatrixPlan matrix, Map<String, GateResult> gates, List<BenchResults> regimes,
                            List<GateResult> controls) {

    public MatrixResults {
        gates = Map.copyOf(gates);
        regimes = List.copyOf(regimes);
        controls = List.copyOf(controls);
    }

    /** The negative controls the campaign itself did not catch (REJECTED only for their unsafe option's name). */
    public List<GateResult> uncaughtControls() {
        return controls.stream().filter(g -> g.found() == null).toList();
    }

    /** Whether a configuration with no unsafe option was rejected by the gate: the engine itself broke a rule. */
    public boolean rejectedSafeConfiguration() {
        return gates.values().stream().anyMatch(GateResult::rejectedSafeConfiguration);
    }
}
