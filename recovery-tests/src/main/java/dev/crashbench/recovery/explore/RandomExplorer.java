package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.FaultRates;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.RandomFaultPlan;
import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.ArrayList;
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
        this.optionValues = target.options().toKeyValues();
    }

    public void explore(long seed, Exploration exploration) {
        Workload workload = generator.generate(Seeds.mix(seed, 1));
        FaultRates rates = FaultFamily.restrict(FaultRates.swarm(seed, MAX_RATE), families);
        long diskSeed = Seeds.mix(seed, 3);
        SimDisk disk = new SimDisk(new SimDiskConfig(target.diskModel(), diskSeed, Long.MAX_VALUE),
                new RandomFaultPlan(Seeds.mix(seed, 2), rates, target.diskModel().sectorSize()));
        WorkloadRunner runner = new WorkloadRunner(disk, target.options());
        Violation during = null;
        try {
            during = runner.run(workload);
        } catch (PowerCutException cut) {
            // judged below
        }
        List<StepFault> faults = StepFault.listOf(disk.trace().faults());
        if (during != null) {
            exploration.report(CaseRunner.confirm(new CrashCase(Tier.RANDOM, optionValues, target.diskModel(), diskSeed, workload, faults, null,
                    null), during));
            return;
        }
        History.Bounds bounds = runner.history().bounds();
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        for (Survival survival : survivals(seed)) {
            if (exploration.exhausted()) {
                return;
            }
            CrashImage image = disk.crashImage(survival);
            Violation v = CaseRunner.judge(disk, image.fates(), runner.history(), bounds, target.options(), faults,
                    null);
            exploration.countState(Tier.RANDOM);
            if (v != null) {
                exploration.report(CaseRunner.confirm(new CrashCase(Tier.RANDOM, optionValues, target.diskModel(), diskSeed, workload, faults,
                        image.fates(), null), v));
                return; // one violation per seed: the others are most likely the same bug
            }
        }
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
