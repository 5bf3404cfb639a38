package dev.crashbench.bench.gate;

import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.reference.ReferenceEvents;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The gate of DESIGN's benchmark: before a reference engine configuration is measured, a fixed,
 * deterministic recovery campaign runs with that configuration's options on SimDisk (worst-case
 * disk model, every fault family), stage after stage, stopping at the first violation. The
 * figures are COUNTED only when no stage found anything; otherwise the configuration is REJECTED
 * and the violation is written as a replay file. A configuration that switches on an
 * {@code unsafe_*} option is REJECTED even when the campaign finds nothing. The gate sums the
 * engine events its workloads counted ({@link Exploration#events()}) over its stages; a
 * configuration that found nothing but whose campaign never counted the
 * {@link Optimization#exercisedBy()} event of an optimization it switches on is NOT_EXERCISED: the
 * campaign proves nothing about that optimization, so its figures do not count either.
 *
 * <p>The standard gate ({@link #standard()}), seed {@value #SEED}: the canonical workloads are the
 * ones {@link WorkloadGenerator#DEFAULT} generates for the seed indices 0, 1, 2, ... of the seed.
 * <ol>
 *   <li>exhaustive + random tiers at torture sizes, {@value #EXHAUSTIVE_SEEDS} seed indices (each: every
 *       cut of the workload with every bounded survival pattern, then 32 random-fault runs);</li>
 *   <li>exhaustive tier with the measured options unchanged, its first {@value #EXACT_EXHAUSTIVE_STATES}
 *       crash states (the database's and the WAL's creation, at the real preallocation);</li>
 *   <li>random tier with the measured options unchanged, {@value #EXACT_RANDOM_SEEDS} seed indices.</li>
 * </ol>
 */
public final class Gate {
    /** The gate's fixed campaign seed. */
    public static final long SEED = 1;
    public static final int EXHAUSTIVE_SEEDS = 12;
    public static final int EXACT_EXHAUSTIVE_STATES = 5_000;
    public static final int EXACT_RANDOM_SEEDS = 12;

    private final long seed;
    private final List<GateStage> stages;

    public Gate(long seed, List<GateStage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a gate needs at least one stage");
        }
        this.seed = seed;
        this.stages = List.copyOf(stages);
    }

    /** The fixed gate every bench run uses. */
    public static Gate standard() {
        return new Gate(SEED, List.of(
                new GateStage("exhaustive", EnumSet.of(Tier.EXHAUSTIVE, Tier.RANDOM), true,
                        new Budget(0, 0, EXHAUSTIVE_SEEDS, true)),
                new GateStage("exact-exhaustive", EnumSet.of(Tier.EXHAUSTIVE), false,
                        new Budget(EXACT_EXHAUSTIVE_STATES, 0, 1, true)),
                new GateStage("exact-random", EnumSet.of(Tier.RANDOM), false,
                        new Budget(0, 0, EXACT_RANDOM_SEEDS, true))));
    }

    /**
     * A smaller campaign for a smoke run of the matrix ({@code bench --matrix --quick}): the same
     * three stages at {@value #QUICK_SEEDS} seed indices and {@value #QUICK_EXACT_STATES} exact
     * states. Its verdicts say the options survived a short campaign, not the standard one; the
     * report lists the stages it ran.
     */
    public static Gate quick() {
        return new Gate(SEED, List.of(
                new GateStage("exhaustive", EnumSet.of(Tier.EXHAUSTIVE, Tier.RANDOM), true,
                        new Budget(0, 0, QUICK_SEEDS, true)),
                new GateStage("exact-exhaustive", EnumSet.of(Tier.EXHAUSTIVE), false,
                        new Budget(QUICK_EXACT_STATES, 0, 1, true)),
                new GateStage("exact-random", EnumSet.of(Tier.RANDOM), false,
                        new Budget(0, 0, QUICK_SEEDS, true))));
    }

    public static final int QUICK_SEEDS = 2;
    public static final int QUICK_EXACT_STATES = 1_000;

    public long seed() {
        return seed;
    }

    public List<GateStage> stages() {
        return stages;
    }

    /**
     * Runs the campaign on {@code engine}'s options; a violation is written to
     * {@code replayDirectory/<name>.replay.json}.
     *
     * @param progress told one line per stage
     * @param nanoClock times the stages (reported only; time never decides what is explored)
     */
    public GateResult check(ReferenceEngine engine, Path replayDirectory, Consumer<String> progress,
                            LongSupplier nanoClock) throws IOException {
        List<StageOutcome> outcomes = new ArrayList<>();
        EngineEvents events = new EngineEvents();
        Found found = null;
        for (GateStage stage : stages) {
            EngineOptions options = stage.optionsFor(engine.options());
            Campaign campaign = new Campaign(ReferenceTargets.of(options, ReferenceTargets.defaults().diskModel()), seed, stage.tiers(),
                    EnumSet.allOf(FaultFamily.class), WorkloadGenerator.DEFAULT, 0, 1, stage.budget());
            Exploration exploration = campaign.run(e -> { }, nanoClock);
            boolean stageFound = !exploration.found().isEmpty();
            EngineEvents stageEvents = ReferenceEvents.of(exploration.events().snapshot());
            events.addAll(stageEvents);
            outcomes.add(new StageOutcome(stage, options.toKeyValues(), exploration.statesChecked(),
                    exploration.seeds(), exploration.seconds(), stageFound, stageEvents.snapshot()));
            progress.accept(String.format(java.util.Locale.ROOT, "  %s: %s: %,d crash states, %.1f s%s",
                    engine.name(), stage.describe(), exploration.statesChecked(), exploration.seconds(),
                    stageFound ? ", VIOLATION" : ", nothing found"));
            if (stageFound) {
                found = exploration.found().get(0);
                break;
            }
        }
        Path replay = null;
        if (found != null) {
            replay = replayDirectory.resolve(engine.name() + ".replay.json");
            ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), replay);
        }
        List<String> unsafe = engine.unsafeOptions();
        List<Optimization> unexercised = unexercised(engine.options().optimizations(), events);
        return new GateResult(engine.name(), verdict(found != null, unsafe, unexercised), outcomes, found, replay,
                unsafe, events.snapshot(), unexercised);
    }

    /** The optimizations of {@code on} whose {@link Optimization#exercisedBy()} event {@code events} never counted. */
    static List<Optimization> unexercised(Set<Optimization> on, EngineEvents events) {
        List<Optimization> out = new ArrayList<>();
        for (Optimization o : Optimization.values()) {
            if (on.contains(o) && events.get(o.exercisedBy()) == 0) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The verdict: REJECTED when the campaign found a violation or an unsafe option is on (a
     * violation outranks everything); otherwise NOT_EXERCISED when an optimization that is on was
     * never exercised; otherwise COUNTED.
     */
    static Verdict verdict(boolean found, List<String> unsafe, List<Optimization> unexercised) {
        if (found || !unsafe.isEmpty()) {
            return Verdict.REJECTED;
        }
        return unexercised.isEmpty() ? Verdict.COUNTED : Verdict.NOT_EXERCISED;
    }
}
