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
 * the baseline ({@code base}) and each optimization alone on top of it. The cumulative stack is
 * not planned here: which optimizations it holds depends on what each regime accepted, so
 * {@link StackSteps} builds it during the run, in {@link #order()} (the plan's order), from the
 * optimizations ACCEPTED alone, keeping a step only when the rule accepts it against the stack
 * before it. {@link #stackConfiguration} names a stack's configuration, so equal options share
 * one name and one gate.
 *
 * <p>Beside them, the negative controls: for every {@link UnsafeMutation} that is a careless
 * implementation of one of the matrix's optimizations ({@link UnsafeMutation#requires()}), the
 * baseline with that mutation (and so its optimization) on. They are gated, never measured: the
 * gate must reject each one with a violation of its own, which proves the campaign can see what
 * that optimization risks.
 *
 * @param rows        the rows in table order: baseline, then every optimization alone
 * @param engines     the distinct configurations of those rows, the baseline first
 * @param baseline    the baseline's name
 * @param controls    the negative controls, in {@link UnsafeMutation} order
 * @param order       the optimizations the matrix judges, in the order the stack adds them
 */
public record MatrixPlan(List<MatrixRow> rows, List<ReferenceEngine> engines, String baseline,
                         List<ReferenceEngine> controls, List<Optimization> order) {

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
        order = List.copyOf(order);
    }

    /**
     * The matrix over every optimization on top of {@link EngineOptions#baseline()}: the plan's
     * baseline, whatever the defaults switch on.
     */
    public static MatrixPlan standard() {
        return of(EngineOptions.baseline());
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
        return new MatrixPlan(rows, new ArrayList<>(byOptions.values()), BASELINE, controls, List.copyOf(chosen));
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

    /** The baseline's configuration. */
    public ReferenceEngine baselineEngine() {
        return engines.get(0);
    }

    /**
     * The configuration of a stack with {@code options}: the matrix's own configuration when one
     * has the same options (the stack's first step is that optimization alone), else one named
     * {@value #STACK_PREFIX} followed by its optimizations in plan order.
     */
    public ReferenceEngine stackConfiguration(EngineOptions options) {
        for (ReferenceEngine e : engines) {
            if (e.options().equals(options)) {
                return e;
            }
        }
        List<String> keys = new ArrayList<>();
        for (Optimization o : order) {
            if (options.optimizations().contains(o)) {
                keys.add(o.key());
            }
        }
        return new ReferenceEngine(STACK_PREFIX + String.join("+", keys), options);
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
