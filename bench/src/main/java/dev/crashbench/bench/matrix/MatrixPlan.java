package dev.crashbench.bench.matrix;

import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.OptionConflict;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.explore.MutationSelfTest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configurations of the optimization matrix, built from whatever {@link Optimization}s exist:
 * the baseline ({@code base}), each optimization alone on top of it, and the cumulative stack
 * that adds them in {@link Optimization} order (the plan's order). A stack step whose optimization
 * a declared {@link OptionConflict} forbids beside one already in the stack is skipped, and the
 * row says which conflict; the stack goes on without it. Rows whose options are equal share one
 * configuration (the stack's first step is its optimization alone), so it is gated and measured
 * once.
 *
 * <p>Beside them, the negative controls: for every {@link UnsafeMutation} that is a careless
 * implementation of one of the matrix's optimizations ({@link UnsafeMutation#requires()}), the
 * baseline with that mutation (and so its optimization) on. They are gated, never measured: the
 * gate must reject each one with a violation of its own, which proves the campaign can see what
 * that optimization risks.
 *
 * @param rows        the rows in table order: baseline, every optimization alone, every stack step
 * @param engines     the distinct configurations, the baseline first
 * @param baseline    the baseline's name
 * @param controls    the negative controls, in {@link UnsafeMutation} order
 */
public record MatrixPlan(List<MatrixRow> rows, List<ReferenceEngine> engines, String baseline,
                         List<ReferenceEngine> controls) {

    /** The baseline configuration's name. */
    public static final String BASELINE = "crashbench";
    /** The prefix of a stack step's configuration name. */
    public static final String STACK_PREFIX = "stack+";

    /** The prefix of a negative control's configuration name. */
    public static final String CONTROL_PREFIX = "control-";

    public MatrixPlan {
        rows = List.copyOf(rows);
        engines = List.copyOf(engines);
        controls = List.copyOf(controls);
    }

    /** The matrix over every optimization, on top of {@code base}. */
    public static MatrixPlan of(EngineOptions base) {
        return of(base, List.of(Optimization.values()));
    }

    /** The matrix over {@code optimizations} only, taken in {@link Optimization} order, on top of {@code base}. */
    public static MatrixPlan of(EngineOptions base, List<Optimization> optimizations) {
        EnumSet<Optimization> chosen = optimizations.isEmpty() ? EnumSet.noneOf(Optimization.class)
                : EnumSet.copyOf(optimizations);
        Map<EngineOptions, ReferenceEngine> byOptions = new LinkedHashMap<>();
        List<MatrixRow> rows = new ArrayList<>();
        ReferenceEngine baseline = new ReferenceEngine(BASELINE, base.checkCombination());
        byOptions.put(baseline.options(), baseline);
        rows.add(new MatrixRow("baseline (" + describe(base) + ")", MatrixRow.Kind.BASELINE, Optional.empty(),
                Optional.of(BASELINE), ""));
        for (Optimization o : chosen) {
            EngineOptions options = base.withOptimization(o, true);
            Optional<OptionConflict> conflict = OptionConflict.among(options.optimizations());
            if (conflict.isPresent()) {
                rows.add(new MatrixRow(o.key() + " alone", MatrixRow.Kind.SKIPPED, Optional.of(o), Optional.empty(),
                        "not measured: the baseline already has an option it conflicts with: " + conflict.get().describe()));
                continue;
            }
            rows.add(row(o.key() + " alone", MatrixRow.Kind.ALONE, o, o.key(), options, byOptions));
        }
        EngineOptions stack = base;
        for (Optimization o : chosen) {
            EngineOptions next = stack.withOptimization(o, true);
            Optional<OptionConflict> conflict = OptionConflict.among(next.optimizations());
            if (conflict.isPresent()) {
                rows.add(new MatrixRow("stack + " + o.key(), MatrixRow.Kind.SKIPPED, Optional.of(o), Optional.empty(),
                        "skipped in the stack: " + conflict.get().describe()));
                continue;
            }
            stack = next;
            rows.add(row("stack + " + o.key(), MatrixRow.Kind.STACK, o, STACK_PREFIX + o.key(), stack, byOptions));
        }
        List<ReferenceEngine> controls = new ArrayList<>();
        for (UnsafeMutation m : UnsafeMutation.values()) {
            if (m.requires().filter(chosen::contains).isPresent()) {
                // In the durability the mutation self-test shows it in: a variant that only breaks
                // NORMAL durability changes nothing a FULL campaign can see.
                EngineOptions options = base.withMutation(m)
                        .withDurability(MutationSelfTest.optionsFor(m).durability());
                if (OptionConflict.among(options.optimizations()).isEmpty()) {
                    controls.add(new ReferenceEngine(CONTROL_PREFIX + m.key(), options));
                }
            }
        }
        return new MatrixPlan(rows, new ArrayList<>(byOptions.values()), BASELINE, controls);
    }

    private static MatrixRow row(String label, MatrixRow.Kind kind, Optimization added, String name,
                                 EngineOptions options, Map<EngineOptions, ReferenceEngine> byOptions) {
        ReferenceEngine existing = byOptions.get(options);
        if (existing != null) {
            return new MatrixRow(label, kind, Optional.of(added), Optional.of(existing.name()),
                    "the same options as " + existing.name() + ": measured once");
        }
        ReferenceEngine engine = new ReferenceEngine(name, options);
        byOptions.put(options, engine);
        return new MatrixRow(label, kind, Optional.of(added), Optional.of(name), "");
    }

    /** The optimizations configuration {@code name} switches on (none for a name not in the matrix). */
    public Set<Optimization> optimizationsOf(String name) {
        for (ReferenceEngine e : engines) {
            if (e.name().equals(name)) {
                return e.options().optimizations();
            }
        }
        return Set.of();
    }

    /** The optimizations a row's configuration switches on, in words. */
    static String describe(EngineOptions options) {
        Set<Optimization> on = options.optimizations().isEmpty() ? Set.of() : EnumSet.copyOf(options.optimizations());
        if (on.isEmpty()) {
            return "no optimization";
        }
        List<String> keys = new ArrayList<>();
        for (Optimization o : Optimization.values()) {
            if (on.contains(o)) {
                keys.add(o.key());
            }
        }
        return String.join(", ", keys);
    }
}
