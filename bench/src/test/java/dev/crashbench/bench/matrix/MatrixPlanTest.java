package dev.crashbench.bench.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.OptionConflict;
import dev.crashbench.engine.Optimization;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The matrix's configurations come from whatever optimizations and conflicts the engine declares. */
class MatrixPlanTest {
    final MatrixPlan plan = MatrixPlan.of(EngineOptions.baseline());

    @Test
    void theBaselineThenEachOptimizationAloneInPlanOrder() {
        int n = Optimization.values().length;
        assertEquals(1 + n, plan.rows().size(), "the stack is built during the run, from what each regime accepted");
        assertEquals(MatrixRow.Kind.BASELINE, plan.rows().get(0).kind());
        for (int i = 0; i < n; i++) {
            Optimization o = Optimization.values()[i];
            assertEquals(o, plan.rows().get(1 + i).added().orElseThrow());
            assertEquals(o, plan.order().get(i));
        }
        assertEquals(MatrixPlan.BASELINE, plan.engines().get(0).name());
        assertEquals(EngineOptions.baseline(), plan.engines().get(0).options());
    }

    @Test
    void theStandardMatrixStartsFromNoOptimizationWhateverTheDefaults() {
        MatrixPlan standard = MatrixPlan.standard();
        assertTrue(standard.baselineEngine().options().optimizations().isEmpty());
        assertEquals(List.of(Optimization.values()), standard.order());
    }

    @Test
    void aStackConfigurationIsNamedForItsOptimizationsAndReusesAnEqualOne() {
        EngineOptions alone = EngineOptions.baseline().withOptimization(Optimization.WAL_MMAP, true);
        assertEquals(Optimization.WAL_MMAP.key(), plan.stackConfiguration(alone).name());
        EngineOptions two = alone.withOptimization(Optimization.WRITER_REUSE, true);
        ReferenceEngine stack = plan.stackConfiguration(two);
        assertEquals(MatrixPlan.STACK_PREFIX + "writer_reuse+wal_mmap", stack.name());
        assertEquals(two, stack.options());
    }

    @Test
    void eachAloneConfigurationSwitchesOnItsOptimizationOnly() {
        for (MatrixRow row : plan.rows()) {
            if (row.kind() == MatrixRow.Kind.ALONE) {
                ReferenceEngine e = engine(row.contender().orElseThrow());
                assertEquals(Set.of(row.added().orElseThrow()), e.options().optimizations(), row.label());
            }
        }
    }

    @Test
    void equalOptionsAreOneConfigurationMeasuredOnce() {
        Set<EngineOptions> distinct = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ReferenceEngine e : plan.engines()) {
            assertTrue(distinct.add(e.options()), "measured twice: " + e.name());
            assertTrue(names.add(e.name()));
        }
    }

    @Test
    void anOptimizationAlreadyInTheBaseShowsAsTheBaselineItself() {
        MatrixPlan withDefault = MatrixPlan.of(EngineOptions.baseline().withOptimization(Optimization.WRITER_REUSE, true));
        MatrixRow alone = withDefault.rows().get(1);
        assertEquals(List.of(MatrixPlan.BASELINE), List.of(alone.contender().orElseThrow()), alone.label());
    }

    @Test
    void everyUnsafeVariantOfAnOptimizationIsANegativeControlOnTheBaseline() {
        int expected = 0;
        for (dev.crashbench.engine.UnsafeMutation m : dev.crashbench.engine.UnsafeMutation.values()) {
            if (m.requires().isPresent()) {
                expected++;
                ReferenceEngine control = plan.controls().stream()
                        .filter(c -> c.name().equals(MatrixPlan.CONTROL_PREFIX + m.key())).findFirst().orElseThrow();
                assertEquals(Set.of(m), control.options().mutations());
                assertEquals(Set.of(m.requires().get()), control.options().optimizations());
            }
        }
        assertEquals(expected, plan.controls().size());
        assertTrue(MatrixPlan.of(EngineOptions.baseline(), List.of()).controls().isEmpty(),
                "no optimization measured, no control");
    }

    private ReferenceEngine engine(String name) {
        return plan.engines().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
