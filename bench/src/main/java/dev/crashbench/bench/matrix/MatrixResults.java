package dev.crashbench.bench.matrix;

import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.engine.Optimization;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;

/**
 * A matrix run: the matrix, the gate's result for every configuration (run once; both regimes
 * share it, stack configurations included), each regime's results, device first, and the gate's
 * result for every negative control, in the matrix's order.
 */
public record MatrixResults(MatrixPlan matrix, Map<String, GateResult> gates, List<MatrixRegime> regimes,
                            List<GateResult> controls) {

    /** The optimizations a measured configuration switches on, a stack step's included (none for an unknown name). */
    public Set<Optimization> optimizationsOf(String name) {
        for (MatrixRegime r : regimes) {
            for (BenchResults phase : r.phases()) {
                Optional<Contender> c = phase.contender(name);
                if (c.isPresent() && c.get() instanceof ReferenceEngine e) {
                    return e.options().optimizations();
                }
            }
        }
        return matrix.optimizationsOf(name);
    }

    public MatrixResults {
        gates = Collections.unmodifiableMap(new LinkedHashMap<>(gates));
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
