package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.FaultRates;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.RandomFaultPlan;
import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.EngineConfiguration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The random (swarm) tier: per seed, a generated workload runs on a SimDisk whose fault plan draws
 * faults at every step with probabilities drawn for that seed, only from the enabled families
 * ({@link FaultRates#swarm}: each family off for about half the seeds). The run ends at the
 * plan's power cut or after its last op; then several survival policies (lose all, keep all,
 * and random keeps and tears) each give one crash image to recover and judge.
 *
 * <p>Seeds are independent: each seed (its run, its images, their recoveries) is one piece of work
 * for the exploration's workers, and its states are counted in seed order ({@link Exploration}).
 * Within a seed, a state whose fates are those of an earlier one that passed reuses its verdict:
 * losing all and a random draw that lost everything are the same image.
 */
public final class RandomExplorer {
    /** The highest per-step probability a family gets. */
    static final double MAX_RATE = 0.03;
    /** Random survival draws per run, besides "lose all" and "keep all". */
    static final int RANDOM_SURVIVALS = 6;

    private final Target target;
    private final Set<FaultFamily> families;
    private final WorkloadGenerator generator;
    private final Map<String, String> optionValues;

    public RandomExplorer(Target target, Set<FaultFamily> families, WorkloadGenerator generator) {
        this.target = target;
        this.families = Set.copyOf(families);
        this.generator = generator;
        this.optionValues = target.engine().options();
    }

    public void explore(long seed, Exploration exploration) {
        exploration.produce(() -> enqueue(seed, exploration, false));
    }

    /**
     * Submits the whole seed (its run, its images, their recoveries) as one piece of work: seeds
     * are independent, so several run at once. The outcome is counted and reported in order.
     *
     * @param guarded whether the seed is skipped if, when its turn comes, the exploration is
     *                exhausted (a campaign checks that before each seed; a lone seed is not checked)
     */
    void enqueue(long seed, Exploration exploration, boolean guarded) {
        boolean deduplicate = exploration.execution().deduplicate();
        exploration.submit(() -> run(seed, deduplicate), 2 + RANDOM_SURVIVALS, r -> {
            if (guarded && exploration.exhausted()) {
                return;
            }
            SeedOutcome outcome = r.get();
            exploration.countEvents(outcome.events());
            if (outcome.during() != null) {
                exploration.report(outcome.during());
                return;
            }
            for (Checked checked : outcome.states()) {
                if (exploration.exhausted()) {
                    return;
                }
                exploration.countState(Tier.RANDOM, checked.byTwin());
                if (!checked.passed()) {
                    exploration.report(checked.found());
                    return; // one violation per seed: the others are most likely the same bug
                }
            }
        });
    }

    /**
     * What one seed gives: a violation while the workload ran, or the states checked in order up
     * to the first one that failed.
     */
    private record SeedOutcome(Found during, List<Checked> states, EventTally events) {
    }

    /** One seed, from scratch, on the calling thread; a pure function of the seed. */
    private SeedOutcome run(long seed, boolean deduplicate) {
        Workload workload = generator.generate(Seeds.mix(seed, 1));
        FaultRates rates = FaultFamily.restrict(FaultRates.swarm(seed, MAX_RATE), families);
        long diskSeed = Seeds.mix(seed, 3);
        SimDisk disk = new SimDisk(new SimDiskConfig(target.diskModel(), diskSeed, Long.MAX_VALUE),
                new RandomFaultPlan(Seeds.mix(seed, 2), rates, target.diskModel().sectorSize()));
        WorkloadRunner runner = new WorkloadRunner(disk, target.engine());
        Violation during = null;
        try {
            during = runner.run(workload);
        } catch (PowerCutException cut) {
            // judged below
        }
        List<StepFault> faults = StepFault.listOf(disk.trace().faults());
        EventTally events = runner.events();
        if (during != null) {
            return new SeedOutcome(CaseRunner.confirm(target.engine(), new CrashCase(Tier.RANDOM, target.engineId(), optionValues, target.diskModel(),
                    diskSeed, workload, faults, null, null), during), List.of(), events);
        }
        History history = runner.history();
        EngineConfiguration options = target.engine();
        Oracle.Expectation expected = Oracle.expectation(history.bounds(), options.durability(),
                CaseRunner.honestSyncs(faults), CaseRunner.durableDamage(faults));
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        // Every image of a seed is built from the same crashed disk, judged against the same history
        // and expectation: the same fates give the same image, byte for byte, and the same verdict.
        // So the fates are the key, exactly, with no image to hash. (Content hashing, as the
        // exhaustive tier does across cuts, finds under 1% more twins here.)
        Set<List<OpFate>> passed = deduplicate ? new HashSet<>() : null;
        List<Checked> states = new ArrayList<>();
        for (Survival survival : survivals(seed)) {
            // The image a replay of the case builds (the same fates, explicitly) is this very image.
            CrashImage image = disk.crashImage(survival);
            if (passed != null && passed.contains(image.fates())) {
                states.add(Checked.PASSED_BY_TWIN); // only passes are remembered: a seed ends at its first failure
                continue;
            }
            Oracle.Verdict verdict = Oracle.recoverAndCheck(image.disk(), options, history, expected);
            if (!verdict.ok()) {
                states.add(Checked.failed(CaseRunner.confirm(target.engine(), new CrashCase(Tier.RANDOM, target.engineId(), optionValues,
                        target.diskModel(), diskSeed, workload, faults, image.fates(), null), verdict.violation())));
                break;
            }
            states.add(Checked.PASSED);
            if (passed != null) {
                passed.add(image.fates());
            }
        }
        return new SeedOutcome(null, states, events);
    }

    private List<Survival> survivals(long seed) {
        List<Survival> out = new ArrayList<>();
        out.add(new Survival.KeepAll()); // a process crash: the page cache survives
        if (!families.contains(FaultFamily.POWER)) {
            return out;
        }
        out.add(new Survival.LoseAll());
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 4));
        for (int i = 0; i < RANDOM_SURVIVALS; i++) {
            out.add(new Survival.Random(random.nextLong(), random.nextDouble(), random.nextDouble() * 0.5));
        }
        return out;
    }

}
