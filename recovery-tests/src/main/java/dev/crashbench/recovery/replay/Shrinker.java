package dev.crashbench.recovery.replay;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.ExhaustiveExplorer;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Minimizes a crash case while the same rule still breaks.
 *
 * <p>Method: a candidate (a workload with some ops removed, or the case's faults with one
 * removed) is searched with the exhaustive explorer, its disk also injecting the remaining faults
 * at their steps; the candidate holds if any cut and bounded survival pattern breaks the same
 * rule. Ops are removed in halving chunks (delta debugging), then faults one at a time. Because
 * the explorer tries cuts in step order and the simplest patterns first (lose all, keep all,
 * prefixes), the case kept is the earliest and simplest that still breaks the rule.
 *
 * <p>Compound-tier cases are not minimized (their second stage depends on the first recovery's
 * exact trace); they are returned as they are.
 */
public final class Shrinker {
    private final long statesPerAttempt;
    private final LongSupplier nanoClock;

    /**
     * @param statesPerAttempt the most crash states one candidate may take to show the violation
     * @param nanoClock        the clock exploration budgets run on
     */
    public Shrinker(long statesPerAttempt, LongSupplier nanoClock) {
        this.statesPerAttempt = statesPerAttempt;
        this.nanoClock = nanoClock;
    }

    /**
     * The outcome.
     *
     * @param crashCase  the smallest case found (the original when nothing smaller breaks the rule)
     * @param violation  its violation
     * @param candidates how many candidates were searched
     * @param shrunk     whether anything was removed
     */
    public record Result(CrashCase crashCase, Violation violation, int candidates, boolean shrunk) {
    }

    public Result shrink(CrashCase original, Violation violation) {
        if (original.tier() == Tier.COMPOUND) {
            return new Result(original, violation, 0, false);
        }
        Rule rule = violation.rule();
        Target target = new Target(CaseRunner.configuration(original), original.diskModel());
        List<StepFault> faults = new ArrayList<>();
        for (StepFault f : original.runFaults()) {
            if (!(f.fault() instanceof Fault.PowerCut)) {
                faults.add(f); // the explorer places the cut itself
            }
        }
        Search search = new Search(target, original.diskSeed(), rule);
        Workload workload = original.workload();
        Found best = search.find(workload, faults);
        int candidates = 1;
        if (best == null) {
            return new Result(original, violation, candidates, false); // the bounded patterns cannot show it
        }
        for (int chunk = Math.max(1, workload.size() / 2); chunk >= 1; chunk = chunk == 1 ? 0 : chunk / 2) {
            for (int from = 0; from < workload.size(); ) {
                Workload candidate = workload.without(from, Math.min(workload.size(), from + chunk));
                Found found = search.find(candidate, faults);
                candidates++;
                if (found != null) {
                    workload = candidate;
                    best = found;
                } else {
                    from += chunk;
                }
            }
        }
        for (int i = faults.size() - 1; i >= 0; i--) {
            List<StepFault> fewer = new ArrayList<>(faults);
            fewer.remove(i);
            Found found = search.find(workload, fewer);
            candidates++;
            if (found != null) {
                faults = fewer;
                best = found;
            }
        }
        boolean shrunk = workload.size() < original.workload().size() || best.crashCase().runFaults().size()
                < original.runFaults().size();
        return new Result(best.crashCase(), best.violation(), candidates, shrunk);
    }

    /** One exhaustive search per candidate, stopping at the first violation of the rule. */
    private final class Search {
        private final ExhaustiveExplorer explorer;
        private final long diskSeed;
        private final Rule rule;

        Search(Target target, long diskSeed, Rule rule) {
            this.explorer = new ExhaustiveExplorer(target);
            this.diskSeed = diskSeed;
            this.rule = rule;
        }

        Found find(Workload workload, List<StepFault> faults) {
            Exploration exploration = new Exploration(Budget.states(statesPerAttempt), e -> { }, nanoClock)
                    .stopWhen(f -> f.violation().rule() == rule && f.reproduced());
            Map<Integer, Fault> byStep = StepFault.mapOf(faults);
            explorer.explore(workload, diskSeed, byStep, exploration);
            for (Found f : exploration.found()) {
                if (f.violation().rule() == rule && f.reproduced()) {
                    return f;
                }
            }
            return null;
        }
    }
}
