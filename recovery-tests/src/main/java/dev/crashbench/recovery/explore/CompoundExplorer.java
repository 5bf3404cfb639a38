package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.FaultPlans;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.faultvfs.TraceEntry;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.EngineSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The compound tier: per seed, a generated workload is cut at a seeded step with seeded survival;
 * then the recovery of that image is itself interrupted at each of its steps: by a power cut
 * (the second image losing all, keeping all, or a random part of what recovery wrote), by a power
 * cut during the first checkpoint after recovery, and by an I/O error at each step where one can
 * strike. Each must recover to the very state the uninterrupted recovery found.
 */
public final class CompoundExplorer {
    private final Target target;
    private final WorkloadGenerator generator;
    private final Map<String, String> optionValues;

    public CompoundExplorer(Target target, WorkloadGenerator generator) {
        this.target = target;
        this.generator = generator;
        this.optionValues = target.engine().options();
    }

    public void explore(long seed, Exploration exploration) {
        Workload workload = generator.generate(Seeds.mix(seed, 1));
        long diskSeed = Seeds.mix(seed, 3);
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 5));
        int cutStep = random.nextInt(stepsOf(workload, diskSeed) + 1);
        List<StepFault> runFaults = List.of(new StepFault(cutStep, new Fault.PowerCut(false)));

        SimDisk disk = new SimDisk(config(diskSeed), FaultPlans.powerCutAt(cutStep, false));
        WorkloadRunner runner = new WorkloadRunner(disk, target.engine());
        Violation during = null;
        try {
            during = runner.run(workload);
        } catch (PowerCutException cut) {
            // judged below
        }
        exploration.countEvents(runner.events());
        if (during != null) {
            exploration.report(CaseRunner.confirm(target.engine(), new CrashCase(Tier.COMPOUND, target.engineId(), optionValues, target.diskModel(), diskSeed, workload, runFaults,
                    null, null), during));
            return;
        }
        History history = runner.history();
        History.Bounds bounds = history.bounds();
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        List<OpFate> fates = disk.crashImage(new Survival.Random(random.nextLong(), 0.5, 0.3)).fates();

        RecoverySteps recovery = recoverySteps(disk, fates);
        int recoveryEnd = recovery.openEnd();
        for (TraceEntry step : recovery.entries()) {
            int j = step.step();
            SecondStage.Kind cutKind = j < recoveryEnd ? SecondStage.Kind.RECOVERY_CUT : SecondStage.Kind.CHECKPOINT_CUT;
            List<StepFault> cutAt = List.of(new StepFault(j, new Fault.PowerCut(false)));
            for (Survival second : List.of(new Survival.LoseAll(), new Survival.KeepAll(),
                    new Survival.Random(random.nextLong(), 0.5, 0.3))) {
                if (!check(disk, fates, history, bounds, runFaults, workload, diskSeed,
                        new SecondStage(cutKind, cutAt, List.of()), second, exploration)) {
                    return;
                }
            }
            if (j < recoveryEnd && new Fault.IoError().appliesTo(step.kind())) {
                SecondStage error = new SecondStage(SecondStage.Kind.RECOVERY_IO_ERROR,
                        List.of(new StepFault(j, new Fault.IoError())), List.of());
                if (!check(disk, fates, history, bounds, runFaults, workload, diskSeed, error, null, exploration)) {
                    return;
                }
            }
        }
    }

    /** Judges one second stage; false when the exploration of this seed should stop. */
    private boolean check(SimDisk disk, List<OpFate> fates, History history, History.Bounds bounds,
                          List<StepFault> runFaults, Workload workload, long diskSeed, SecondStage stage,
                          Survival secondSurvival, Exploration exploration) {
        if (exploration.exhausted()) {
            return false;
        }
        CaseRunner.Judged judged = CaseRunner.judge(disk, fates, history, bounds, target.engine(), runFaults, stage,
                secondSurvival);
        exploration.countState(Tier.COMPOUND, false);
        if (judged.violation() == null) {
            return true;
        }
        SecondStage recorded = new SecondStage(stage.kind(), stage.faults(), judged.secondFates());
        exploration.report(CaseRunner.confirm(target.engine(), new CrashCase(Tier.COMPOUND, target.engineId(), optionValues, target.diskModel(), diskSeed, workload, runFaults, fates,
                recorded), judged.violation()));
        return false;
    }

    /**
     * The steps an uninterrupted recovery and first checkpoint of the image take.
     *
     * @param entries every step of the open, the checkpoint and the close
     * @param openEnd the first step after the open (the checkpoint's steps start here)
     */
    private record RecoverySteps(List<TraceEntry> entries, int openEnd) {
    }

    private RecoverySteps recoverySteps(SimDisk crashed, List<OpFate> fates) {
        SimDisk image = crashed.crashImage(new Survival.Explicit(fates)).disk();
        int openEnd = -1;
        try (EngineSession database = target.engine().open(image, Oracle.DB_PATH)) {
            openEnd = image.step();
            if (target.engine().has(Capability.CHECKPOINT)) {
                database.checkpoint();
            }
        } catch (IOException e) {
            // a refusal (a corruption error on a damaged image): its steps are still worth interrupting
        }
        return new RecoverySteps(image.trace().entries(), openEnd >= 0 ? openEnd : image.step());
    }

    private int stepsOf(Workload workload, long diskSeed) {
        SimDisk disk = new SimDisk(config(diskSeed), FaultPlan.NONE);
        try (WorkloadRunner runner = new WorkloadRunner(disk, target.engine())) {
            runner.run(workload);
        }
        return disk.step();
    }

    private SimDiskConfig config(long diskSeed) {
        return new SimDiskConfig(target.diskModel(), diskSeed, Long.MAX_VALUE);
    }

}
