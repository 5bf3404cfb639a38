package dev.crashbench.recovery.property;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.FaultPlans;
import dev.crashbench.faultvfs.FaultRates;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.RandomFaultPlan;
import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.explore.WorkloadRunner;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Workload;
import java.util.Map;
import java.util.Set;

/**
 * One try of a fault family's property. The workload runs on a SimDisk whose
 * {@link RandomFaultPlan} (the random tier's plan) injects faults of one family only, at the
 * drawn per-step rate; the power is cut at the drawn point of the run and the drawn survival
 * policy decides the fate of every operation still pending. The power family injects nothing
 * but that cut.
 *
 * <p>The run's faults (the cut among them) and those fates make a {@link CrashCase}, and
 * {@link CaseRunner#run} runs that case again from scratch and judges it: the try's verdict is,
 * by construction, the one a replay of the case's file gives.
 */
public final class FaultFamilyTrial {
    private static final Map<Class<? extends Fault>, FaultFamily> FAMILIES = Map.of(
            Fault.PowerCut.class, FaultFamily.POWER,
            Fault.LyingSync.class, FaultFamily.LYING_SYNC,
            Fault.SyncError.class, FaultFamily.SYNC_ERROR,
            Fault.IoError.class, FaultFamily.IO_ERROR,
            Fault.ShortWrite.class, FaultFamily.SHORT_WRITE,
            Fault.NoSpace.class, FaultFamily.NO_SPACE,
            Fault.BitRot.class, FaultFamily.BIT_ROT,
            Fault.MisdirectedWrite.class, FaultFamily.MISDIRECTED,
            Fault.EarlyWriteBack.class, FaultFamily.EARLY_WRITE_BACK);

    private FaultFamilyTrial() {
    }

    /**
     * A judged try.
     *
     * @param family    the family whose faults the run injected
     * @param crashCase the case the try built
     * @param violation the verdict: the broken rule, or null when every rule held
     */
    public record Outcome(FaultFamily family, CrashCase crashCase, Violation violation) {
        /** How many faults of the family the run injected (a power cut only counts when it fell before the end). */
        public long struck() {
            return crashCase.runFaults().stream().filter(f -> familyOf(f.fault()) == family).count();
        }
    }

    public static Outcome run(Target target, Workload workload, FaultDraw draw) {
        FaultFamily family = draw.family();
        long diskSeed = Seeds.mix(draw.seed(), 3);
        FaultPlan faults = family == FaultFamily.POWER ? FaultPlan.NONE
                : new RandomFaultPlan(Seeds.mix(draw.seed(), 2), FaultFamily.restrict(everyFamilyAt(draw.rate()),
                        Set.of(family)), target.diskModel().sectorSize());
        // The plan decides by step, so a run cut at step k is the uncut run up to k.
        SimDisk uncut = new SimDisk(config(target, diskSeed), faults);
        runQuietly(uncut, target, workload);
        int cutStep = (int) Math.min(uncut.step(), Math.floor(draw.cutAt() * (uncut.step() + 1)));
        SimDisk disk = new SimDisk(config(target, diskSeed), cutStep < uncut.step()
                ? FaultPlans.firstOf(FaultPlans.powerCutAt(cutStep, draw.midOp()), faults) : faults);
        Violation during = runQuietly(disk, target, workload);
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        CrashCase crashCase = new CrashCase(Tier.RANDOM, target.engineId(), target.engine().options(), target.diskModel(), diskSeed,
                workload, StepFault.listOf(disk.trace().faults()),
                during != null ? null : disk.crashImage(draw.crash().survival(disk.pendingOps(), target.diskModel())).fates(), null);
        return new Outcome(family, crashCase, CaseRunner.run(crashCase));
    }

    /**
     * A property's body: one try, and on a violation its replay file (under
     * {@link ReplayFiles#DIRECTORY}, named by {@code suite}) and a {@link CrashPropertyFailure}
     * that names the rule, the file and the command that replays it. jqwik then shrinks the
     * workload and the draw, and reports the smallest failing try with its own file.
     */
    public static Outcome check(String suite, Target target, Workload workload, FaultDraw draw) {
        Outcome outcome = run(target, workload, draw);
        if (outcome.violation() != null) {
            throw new CrashPropertyFailure(suite, outcome, ReplayFiles.write(suite, outcome.violation(),
                    outcome.crashCase()));
        }
        return outcome;
    }

    /** Runs the workload until its end or the power cut; the violation seen while running, or null. */
    private static Violation runQuietly(SimDisk disk, Target target, Workload workload) {
        try {
            return new WorkloadRunner(disk, target.engine()).run(workload);
        } catch (PowerCutException cut) {
            return null; // the crash image decides the rest
        }
    }

    private static SimDiskConfig config(Target target, long diskSeed) {
        return new SimDiskConfig(target.diskModel(), diskSeed, Long.MAX_VALUE);
    }

    private static FaultRates everyFamilyAt(double rate) {
        return new FaultRates(rate, rate, rate, rate, rate, rate, rate, rate, rate);
    }

    /** The family a fault belongs to. */
    public static FaultFamily familyOf(Fault fault) {
        return FAMILIES.get(fault.getClass());
    }
}
