package dev.crashbench.recovery.property;

import dev.crashbench.engine.Durability;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;
import net.jqwik.api.statistics.Statistics;

/**
 * The recovery rules under each fault family, one property per family so that a failure names its
 * family: a workload shaped like the explorer's runs on a SimDisk that injects that family's faults
 * only, the power is cut somewhere, and the recovered database is judged by the oracle through
 * {@link dev.crashbench.recovery.explore.CaseRunner}, as a replay judges it ({@link FaultFamilyTrial}).
 *
 * <p>A violation is written as a replay file under {@code target/crashbench-replays/} and the
 * failure names the rule, the violation and the file. jqwik then shrinks the workload (whole
 * transactions, single writes, keys and sizes), the fault rate, the cut and the survival pattern,
 * and reports the smallest case that still fails, with its own file.
 *
 * <p>Each property also checks that its family's faults struck in a good share of its tries, so
 * that a change in the plan or the engine cannot quietly make it vacuous.
 *
 * <p>Their negative controls are in {@link FaultFamilyControlTest}: the same bodies must fail on
 * a mutated engine.
 */
class FaultFamilyProperties {
    static final int TRIES = 500;
    static final Target HEALTHY = ReferenceTargets.defaults();

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void power(@ForAll("workloads") Workload workload, @ForAll("draws") @Faults(FaultFamily.POWER) FaultDraw draw) {
        struck(check("power", HEALTHY, workload, draw));
    }

    /**
     * NORMAL durability syncs only at checkpoints: a cut may take back acknowledged commits, but
     * only back to the last explicit checkpoint, and only as a whole prefix of the commits.
     */
    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void powerInNormalDurability(@ForAll("workloads") Workload workload,
                                 @ForAll("draws") @Faults(FaultFamily.POWER) FaultDraw draw) {
        struck(check("power-normal", ReferenceTargets.of(ReferenceTargets.torturedDefaults().withDurability(Durability.NORMAL),
                HEALTHY.diskModel()), workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void lyingSync(@ForAll("workloads") Workload workload,
                   @ForAll("draws") @Faults(FaultFamily.LYING_SYNC) FaultDraw draw) {
        struck(check("lying-sync", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void syncError(@ForAll("workloads") Workload workload,
                   @ForAll("draws") @Faults(FaultFamily.SYNC_ERROR) FaultDraw draw) {
        struck(check("sync-error", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void ioError(@ForAll("workloads") Workload workload, @ForAll("draws") @Faults(FaultFamily.IO_ERROR) FaultDraw draw) {
        struck(check("io-error", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void shortWrite(@ForAll("workloads") Workload workload,
                    @ForAll("draws") @Faults(FaultFamily.SHORT_WRITE) FaultDraw draw) {
        struck(check("short-write", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void noSpace(@ForAll("workloads") Workload workload, @ForAll("draws") @Faults(FaultFamily.NO_SPACE) FaultDraw draw) {
        struck(check("no-space", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void bitRot(@ForAll("workloads") Workload workload, @ForAll("draws") @Faults(FaultFamily.BIT_ROT) FaultDraw draw) {
        struck(check("bit-rot", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void misdirected(@ForAll("workloads") Workload workload,
                     @ForAll("draws") @Faults(FaultFamily.MISDIRECTED) FaultDraw draw) {
        struck(check("misdirected", HEALTHY, workload, draw));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void earlyWriteBack(@ForAll("workloads") Workload workload,
                        @ForAll("draws") @Faults(FaultFamily.EARLY_WRITE_BACK) FaultDraw draw) {
        struck(check("early-write-back", HEALTHY, workload, draw));
    }

    /**
     * The property body: one try, and on a violation its replay file and the failure naming it.
     * The negative controls run it too ({@link FaultFamilyControlTest}).
     */
    static FaultFamilyTrial.Outcome check(String suite, Target target, Workload workload, FaultDraw draw) {
        return FaultFamilyTrial.check(suite, target, workload, draw);
    }

    /** Whether the family struck in a passing try; at least 30% of the tries must see it strike. */
    private static void struck(FaultFamilyTrial.Outcome outcome) {
        Statistics.label("struck").collect(outcome.struck() > 0);
        Statistics.label("struck").coverage(c -> c.check(true).percentage(p -> p >= 30));
    }

    @Provide
    Arbitrary<Workload> workloads() {
        return WorkloadArbitraries.shapedLike(WorkloadGenerator.DEFAULT);
    }

    @Provide
    Arbitrary<FaultDraw> draws(TypeUsage parameter) {
        return FaultDraws.of(parameter.findAnnotation(Faults.class).orElseThrow(
                () -> new IllegalArgumentException("a FaultDraw parameter needs @Faults")).value());
    }
}
