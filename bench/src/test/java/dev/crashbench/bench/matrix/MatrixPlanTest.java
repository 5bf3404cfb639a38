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
    final MatrixPlan plan = MatrixPlan.of(EngineOptions.defaults());

    @Test
    void theBaselineThenEachOptimizationAloneThenTheStackInPlanOrder() {
        int n = Optimization.values().length;
        assertEquals(1 + 2 * n, plan.rows().size());
        assertEquals(MatrixRow.Kind.BASELINE, plan.rows().get(0).kind());
        for (int i = 0; i < n; i++) {
            Optimization o = Optimization.values()[i];
            assertEquals(o, plan.rows().get(1 + i).added().orElseThrow());
            assertEquals(o, plan.rows().get(1 + n + i).added().orElseThrow());
            assertTrue(plan.rows().get(1 + n + i).label().startsWith("stack + "));
        }
        assertEquals(MatrixPlan.BASELINE, plan.engines().get(0).name());
        assertEquals(EngineOptions.defaults(), plan.engines().get(0).options());
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
    void aStackStepADeclaredConflictForbidsIsSkippedAndTheStackGoesOn() {
        Set<Optimization> stack = EnumSet.noneOf(Optimization.class);
        for (MatrixRow row : plan.rows()) {
            if (row.kind() != MatrixRow.Kind.STACK && row.kind() != MatrixRow.Kind.SKIPPED
                    || row.label().endsWith(" alone")) {
                continue;
            }
            Optimization o = row.added().orElseThrow();
            Set<Optimization> next = EnumSet.copyOf(stack);
            next.add(o);
            if (OptionConflict.among(next).isPresent()) {
                assertEquals(MatrixRow.Kind.SKIPPED, row.kind(), row.label());
                assertTrue(row.note().contains(OptionConflict.among(next).get().describe()), row.note());
                assertTrue(row.contender().isEmpty());
            } else {
                stack = next;
                assertEquals(MatrixRow.Kind.STACK, row.kind(), row.label());
                assertEquals(stack, engine(row.contender().orElseThrow()).options().optimizations(), row.label());
            }
        }
        MatrixRow dsync = plan.rows().stream().filter(r -> r.label().equals("stack + wal_dsync")).findFirst().orElseThrow();
        assertEquals(MatrixRow.Kind.SKIPPED, dsync.kind(), "wal_mmap is in the stack before wal_dsync");
        assertTrue(dsync.note().contains("wal_mmap=true and wal_dsync=true cannot be combined"), dsync.note());
    }

    @Test
    void equalOptionsAreOneConfigurationMeasuredOnce() {
        Set<EngineOptions> distinct = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ReferenceEngine e : plan.engines()) {
            assertTrue(distinct.add(e.options()), "measured twice: " + e.name());
            assertTrue(names.add(e.name()));
        }
        MatrixRow firstStep = plan.rows().get(1 + Optimization.values().length);
        assertEquals(plan.rows().get(1).contender(), firstStep.contender(),
                "the stack's first step is the first optimization alone");
        assertTrue(firstStep.note().contains("measured once"), firstStep.note());
    }

    @Test
    void anOptimizationAlreadyInTheBaseShowsAsTheBaselineItself() {
        MatrixPlan withDefault = MatrixPlan.of(EngineOptions.defaults().withOptimization(Optimization.WRITER_REUSE, true));
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
        assertTrue(MatrixPlan.of(EngineOptions.defaults(), List.of()).controls().isEmpty(),
                "no optimization measured, no control");
    }

    private ReferenceEngine engine(String name) {
        return plan.engines().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
