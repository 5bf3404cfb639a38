package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.ScriptedFaultPlan;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.Engines;
import java.io.IOException;
import java.util.List;

/**
 * Runs one {@link CrashCase} from scratch and judges it: what replay does, and what every tier
 * does to confirm a violation before it reports it. The judging half ({@link #judge}) is shared
 * with the tiers that build crash images without re-running the workload.
 */
public final class CaseRunner {
    private CaseRunner() {
    }

    /** A violation a tier found on {@code engine}, confirmed by running its case again from scratch. */
    public static Found confirm(EngineConfiguration engine, CrashCase c, Violation violation) {
        Violation again = run(engine, c);
        return new Found(c, violation, again != null && again.rule() == violation.rule());
    }

    /**
     * The verdict of a case on the engine it names, found among the installed engines
     * ({@link #configuration}): the violation, or null when every rule held.
     */
    public static Violation run(CrashCase c) {
        return run(configuration(c), c);
    }

    /** The verdict of a case on {@code options}, the engine it names: the violation, or null. */
    public static Violation run(EngineConfiguration options, CrashCase c) {
        SimDisk disk = new SimDisk(new SimDiskConfig(c.diskModel(), c.diskSeed(), Long.MAX_VALUE),
                new ScriptedFaultPlan(StepFault.mapOf(c.runFaults())));
        WorkloadRunner runner = new WorkloadRunner(disk, options);
        Violation during = null;
        try {
            during = runner.run(c.workload());
        } catch (PowerCutException cut) {
            // the run is over; the crash image decides the rest
        }
        if (c.fates() == null) {
            if (during == null) {
                throw new ReplayDivergedException("the case records a violation while the workload ran, and the run"
                        + " had none");
            }
            return during;
        }
        if (during != null) {
            return during;
        }
        History.Bounds bounds = runner.history().bounds();
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        if (disk.pendingOps().size() != c.fates().size()) {
            throw new ReplayDivergedException("the case gives fates for " + c.fates().size()
                    + " pending operations but the run left " + disk.pendingOps().size());
        }
        try {
            disk.crashImage(new Survival.Explicit(c.fates())); // builds a new disk; this one is unchanged
        } catch (IllegalArgumentException e) {
            throw new ReplayDivergedException("the recorded fates do not fit the operations this run left pending: "
                    + e.getMessage());
        }
        return judge(disk, c.fates(), runner.history(), bounds, options, c.runFaults(), c.second());
    }

    /**
     * Builds the crash image of a cut disk with these fates, recovers it and judges it, then runs
     * the second stage if there is one.
     */
    public static Violation judge(SimDisk crashed, List<OpFate> fates, History history, History.Bounds bounds,
                                  EngineConfiguration options, List<StepFault> runFaults, SecondStage second) {
        Survival secondSurvival = second == null ? null : new Survival.Explicit(second.fates());
        return judge(crashed, fates, history, bounds, options, runFaults, second, secondSurvival).violation();
    }

    /**
     * The verdict of a judged case, and the fates the second cut's survival policy gave (empty
     * without a second cut), which a replay of the case must give again.
     */
    public record Judged(Violation violation, List<OpFate> secondFates) {
    }

    /** As {@link #judge(SimDisk, List, History, History.Bounds, EngineConfiguration, List, SecondStage)}, the second cut's survival chosen by a policy. */
    public static Judged judge(SimDisk crashed, List<OpFate> fates, History history, History.Bounds bounds,
                               EngineConfiguration options, List<StepFault> runFaults, SecondStage second,
                               Survival secondSurvival) {
        Oracle.Expectation expected = Oracle.expectation(bounds, options.durability(), honestSyncs(runFaults),
                durableDamage(runFaults));
        CrashImage first = crashed.crashImage(new Survival.Explicit(fates));
        Oracle.Verdict base = Oracle.recoverAndCheck(first.disk(), options, history, expected);
        if (!base.ok() || second == null || base.found() == null) {
            return new Judged(base.violation(), List.of());
        }
        FaultPlan plan = new ScriptedFaultPlan(StepFault.mapOf(second.faults()));
        SimDisk disk = crashed.crashImage(new Survival.Explicit(fates), plan).disk();
        if (second.kind() == SecondStage.Kind.RECOVERY_IO_ERROR) {
            return new Judged(afterRecoveryError(disk, options, history, expected, base), List.of());
        }
        return afterSecondCut(disk, second.kind(), secondSurvival, options, history, expected, base);
    }

    private static Judged afterSecondCut(SimDisk disk, SecondStage.Kind kind, Survival survival,
                                         EngineConfiguration options, History history, Oracle.Expectation expected,
                                         Oracle.Verdict base) {
        try (EngineSession database = options.open(disk, Oracle.DB_PATH)) {
            if (kind == SecondStage.Kind.CHECKPOINT_CUT && options.has(Capability.CHECKPOINT)) {
                database.checkpoint();
            }
        } catch (PowerCutException cut) {
            // the second cut: judged below
        } catch (IOException e) {
            return new Judged(new Violation(Rule.IDEMPOTENT, "recovery and a checkpoint to succeed on an honest"
                    + " disk", "they failed: " + e), List.of());
        } catch (RuntimeException e) {
            return new Judged(new Violation(Rule.ENGINE_ERROR, "nothing but I/O errors", e.toString()), List.of());
        }
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        CrashImage again;
        try {
            again = disk.crashImage(survival);
        } catch (IllegalArgumentException e) {
            throw new ReplayDivergedException("the recorded fates of the second cut no longer fit: " + e.getMessage());
        }
        Violation v = sameAsBase(Oracle.recoverAndCheck(again.disk(), options, history, expected), base,
                kind == SecondStage.Kind.CHECKPOINT_CUT ? "a cut during the first checkpoint" : "a cut during recovery");
        return new Judged(v, again.fates());
    }

    private static Violation afterRecoveryError(SimDisk disk, EngineConfiguration options, History history,
                                                Oracle.Expectation expected, Oracle.Verdict base) {
        EngineSession database;
        try {
            database = options.open(disk, Oracle.DB_PATH);
        } catch (IOException e) {
            database = null; // a clear refusal; the next recovery must still find the same state
        } catch (RuntimeException e) {
            return new Violation(Rule.ENGINE_ERROR, "nothing but I/O errors", e.toString());
        }
        if (database != null) {
            try (EngineSession open = database) {
                Violation v = sameAsBase(Oracle.check(options, open, history, expected), base,
                        "the recovery that met an I/O error");
                if (v != null) {
                    return v;
                }
            } catch (IOException e) {
                return new Violation(Rule.OPENS, "reading the recovered database to succeed", e.toString());
            }
        }
        return sameAsBase(Oracle.recoverAndCheck(disk, options, history, expected), base,
                "recovery after an I/O error during recovery");
    }

    private static Violation sameAsBase(Oracle.Verdict verdict, Oracle.Verdict base, String what) {
        if (!verdict.ok()) {
            return verdict.violation();
        }
        if (verdict.found() == null || !verdict.found().sameAs(base.found())) {
            return new Violation(Rule.IDEMPOTENT, "after " + what + ", the state recovery found without it: "
                    + base.found().describe(), verdict.found() == null ? "a corruption error"
                    : "the state after commit " + verdict.matched() + ": " + verdict.found().describe());
        }
        return null;
    }

    /** No sync lied: with a lying sync, acknowledged commits may be lost. */
    static boolean honestSyncs(List<StepFault> faults) {
        return faults.stream().noneMatch(f -> f.fault() instanceof Fault.LyingSync);
    }

    /** Durable bytes may have been damaged behind the engine's back. */
    static boolean durableDamage(List<StepFault> faults) {
        return faults.stream().anyMatch(f -> f.fault() instanceof Fault.BitRot
                || f.fault() instanceof Fault.MisdirectedWrite);
    }

    /**
     * The configuration a case names: its engine among the installed ones ({@link Engines#installed()}),
     * at the very version the case ran on, with its options.
     *
     * @throws IllegalArgumentException an engine that is not installed (the message lists the known
     *                                  ones), another version of it, or options it refuses
     */
    public static EngineConfiguration configuration(CrashCase c) {
        EngineUnderTest engine = Engines.installed().byId(c.engine().id());
        if (!engine.version().equals(c.engine().version())) {
            throw new IllegalArgumentException("the case ran on " + c.engine().describe() + ", and this crashbench"
                    + " has " + engine.id() + " " + engine.version() + ": a replay runs only on the version that"
                    + " wrote it");
        }
        return engine.configure(c.engineOptions());
    }
}
