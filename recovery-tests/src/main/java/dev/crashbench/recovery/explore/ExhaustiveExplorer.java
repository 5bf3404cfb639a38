package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpContext;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.spi.EngineConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The exhaustive tier: runs a workload once on an honest SimDisk and, before every step and after
 * the last, tries every bounded survival pattern of the pending operations
 * ({@link SurvivalPatterns}): builds the crash image, recovers it, judges it.
 *
 * <p>The run is not repeated per state. The disk's fault plan is a hook that the disk calls before
 * each step, while the program waits inside that call: the pending list and the history are then
 * exactly what a power cut before that step would leave, which is what the recorded case
 * ({@code PowerCut} at that step, these fates) rebuilds when replayed.
 *
 * <p>The run and the images stay on the exploring thread, in order; each image's recovery goes to
 * the exploration's workers, judged against a copy of the history as it was at the cut, and its
 * verdict is counted in order ({@link Exploration}). A state whose image and expectation equal
 * those of a state already checked in this run reuses its verdict ({@link VerdictCache}).
 */
public final class ExhaustiveExplorer {
    private final Target target;
    private final Map<String, String> optionValues;

    public ExhaustiveExplorer(Target target) {
        this.target = target;
        this.optionValues = target.engine().options();
    }

    /** Explores every cut of {@code workload} on an honest disk seeded with {@code diskSeed}. */
    public void explore(Workload workload, long diskSeed, Exploration exploration) {
        explore(workload, diskSeed, Map.of(), exploration);
    }

    /**
     * Explores every cut of {@code workload} on a disk that also injects {@code faults} (by step;
     * a fault that does not fit its step is skipped), as the shrinker does with a random-tier
     * case's faults on a shorter workload.
     */
    public void explore(Workload workload, long diskSeed, Map<Integer, Fault> faults, Exploration exploration) {
        exploration.produce(() -> enqueue(workload, diskSeed, faults, exploration));
    }

    /**
     * Runs the workload and builds every state's image on this thread, submitting their
     * recoveries; their verdicts are counted and reported in order by the exploration.
     */
    void enqueue(Workload workload, long diskSeed, Map<Integer, Fault> faults, Exploration exploration) {
        Hook hook = new Hook(workload, diskSeed, faults, exploration);
        SimDisk disk = new SimDisk(new SimDiskConfig(target.diskModel(), diskSeed, Long.MAX_VALUE), hook);
        WorkloadRunner runner = new WorkloadRunner(disk, target.engine());
        hook.disk = disk;
        hook.runner = runner;
        Violation during;
        try {
            during = runner.run(workload);
        } catch (PowerCutException stoppedByBudget) {
            exploration.countEvents(runner.events());
            return;
        }
        exploration.countEvents(runner.events());
        List<StepFault> injected = StepFault.listOf(disk.trace().faults());
        if (during != null) {
            CrashCase c = new CrashCase(Tier.EXHAUSTIVE, target.engineId(), optionValues, target.diskModel(), diskSeed, workload,
                    injected, null, null);
            exploration.then(0, () -> {
                if (!hook.cut) {
                    exploration.report(CaseRunner.confirm(target.engine(), c, during));
                }
            });
            return;
        }
        hook.exploreAt(injected);
    }

    /** The fault plan that explores instead of injecting (and cuts the run short once the budget is spent). */
    private final class Hook implements FaultPlan {
        private final Workload workload;
        private final long diskSeed;
        private final Map<Integer, Fault> faults;
        private final Exploration exploration;
        private final VerdictCache<InOrderPool.Result<Checked>> verdicts;
        SimDisk disk;
        WorkloadRunner runner;
        /**
         * Whether the plain loop would have cut the run by now: set, in order, where it would have
         * found the exploration exhausted before a step (read by continuations only).
         */
        boolean cut;

        Hook(Workload workload, long diskSeed, Map<Integer, Fault> faults, Exploration exploration) {
            this.workload = workload;
            this.diskSeed = diskSeed;
            this.faults = faults;
            this.exploration = exploration;
            this.verdicts = exploration.execution().deduplicate() ? new VerdictCache<>() : null;
        }

        @Override
        public Optional<Fault> decide(OpContext context) {
            if (exploration.exhaustedSoFar()) {
                return Optional.of(new Fault.PowerCut(false));
            }
            exploration.then(0, () -> cut |= exploration.exhausted());
            List<StepFault> cutHere = new ArrayList<>(StepFault.listOf(disk.trace().faults()));
            cutHere.add(new StepFault(context.step(), new Fault.PowerCut(false)));
            exploreAt(List.copyOf(cutHere));
            Fault scheduled = faults.get(context.step());
            return scheduled != null && FaultFit.fits(scheduled, context) ? Optional.of(scheduled) : Optional.empty();
        }

        /** Every bounded survival pattern of a cut now, the run's faults so far being {@code cut}. */
        void exploreAt(List<StepFault> cutFaults) {
            EngineConfiguration options = target.engine();
            History history = runner.history().copy(); // judged on workers while the run goes on
            Oracle.Expectation expected = Oracle.expectation(history.bounds(), options.durability(),
                    CaseRunner.honestSyncs(cutFaults), CaseRunner.durableDamage(cutFaults));
            for (Survival survival : SurvivalPatterns.enumerate(disk.pendingOps(), target.diskModel())) {
                if (exploration.exhaustedSoFar()) {
                    return;
                }
                CrashImage image = disk.crashImage(survival);
                Supplier<Checked> recovery = () -> {
                    Oracle.Verdict verdict = Oracle.recoverAndCheck(image.disk(), options, history, expected);
                    return verdict.ok() ? Checked.PASSED : Checked.failed(CaseRunner.confirm(target.engine(), new CrashCase(
                            Tier.EXHAUSTIVE, target.engineId(), optionValues, target.diskModel(), diskSeed, workload, cutFaults,
                            image.fates(), null), verdict.violation()));
                };
                VerdictCache.Key key = verdicts == null ? null : verdicts.keyOf(disk, image, history, expected);
                InOrderPool.Result<Checked> twin = key == null ? null : verdicts.get(key);
                if (twin == null) {
                    InOrderPool.Result<Checked> result = exploration.submit(recovery, 1, r -> {
                        if (!exploration.exhausted()) {
                            count(r.get());
                        }
                    });
                    if (key != null) {
                        verdicts.put(key, result);
                    }
                } else {
                    exploration.then(1, () -> {
                        if (!exploration.exhausted()) {
                            // A twin that failed is recovered again: the message is this state's own.
                            count(twin.get().passed() ? Checked.PASSED_BY_TWIN : recovery.get());
                        }
                    });
                }
            }
        }

        private void count(Checked checked) {
            exploration.countState(Tier.EXHAUSTIVE, checked.byTwin());
            if (!checked.passed()) {
                exploration.report(checked.found());
            }
        }

        @Override
        public String describe() {
            return "exhaustive exploration hook (no faults)";
        }
    }
}
