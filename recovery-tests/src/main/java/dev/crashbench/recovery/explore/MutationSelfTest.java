package dev.crashbench.recovery.explore;

import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Proves the explorer catches real bug classes: the same fixed campaign runs once per
 * {@link UnsafeMutation}, stopping at the first violation, and once on the healthy engine with
 * the whole budget. The self-test passes only when every mutation is detected and the healthy
 * engine is not.
 *
 * <p>{@link UnsafeMutation#BACKFILL_BEFORE_COMMIT_DURABLE} runs with NORMAL durability: in FULL
 * every commit is synced before it is acknowledged, so a checkpoint never finds an unsynced
 * frame to copy home and the mutation has nothing to break; so does
 * {@link UnsafeMutation#BACKGROUND_BACKFILL_BEFORE_DURABLE}, its background checkpointer's form.
 */
public final class MutationSelfTest {

    /**
     * One campaign's outcome.
     *
     * @param name     the mutation's option key, or {@code healthy}
     * @param options  the engine options it ran with
     * @param detected whether a violation was found
     * @param states   crash states checked (until detection, or the whole budget)
     * @param seconds  how long it took
     * @param found    the first violation, or null
     */
    public record Outcome(String name, EngineOptions options, boolean detected, long states, double seconds,
                          Found found) {
    }

    /** Every mutation's outcome, then the healthy engine's. */
    public record Report(List<Outcome> mutations, Outcome healthy) {
        public boolean passed() {
            return !healthy.detected() && mutations.stream().allMatch(Outcome::detected);
        }
    }

    /** Told when each campaign starts and ends, for progress output. */
    public interface Listener {
        void started(String name);

        void finished(Outcome outcome);
    }

    private final long seed;
    private final Budget budget;
    private final LongSupplier nanoClock;

    /** @param budget the budget of each campaign (the mutation campaigns stop at their first violation) */
    public MutationSelfTest(long seed, Budget budget, LongSupplier nanoClock) {
        this.seed = seed;
        this.budget = budget;
        this.nanoClock = nanoClock;
    }

    /** The options the campaign for {@code mutation} runs with. */
    public static EngineOptions optionsFor(UnsafeMutation mutation) {
        EngineOptions options = ReferenceTargets.torturedDefaults().withMutation(mutation);
        return mutation == UnsafeMutation.BACKFILL_BEFORE_COMMIT_DURABLE
                || mutation == UnsafeMutation.BACKGROUND_BACKFILL_BEFORE_DURABLE
                ? options.withDurability(Durability.NORMAL) : options;
    }

    public Report run(List<UnsafeMutation> mutations, Listener listener) {
        List<Outcome> outcomes = new ArrayList<>();
        for (UnsafeMutation mutation : mutations) {
            outcomes.add(campaign(mutation.key(), optionsFor(mutation), true, listener));
        }
        Outcome healthy = campaign("healthy", ReferenceTargets.torturedDefaults(), false, listener);
        return new Report(outcomes, healthy);
    }

    /** The campaign of one mutation alone, stopping at its first violation. */
    public Outcome runMutation(UnsafeMutation mutation, Listener listener) {
        return campaign(mutation.key(), optionsFor(mutation), true, listener);
    }

    private Outcome campaign(String name, EngineOptions options, boolean stopAtFirst, Listener listener) {
        listener.started(name);
        Target target = ReferenceTargets.of(options, ReferenceTargets.defaults().diskModel());
        Exploration exploration = Campaign.standard(target, seed, budget.stoppingAtFirst(stopAtFirst))
                .run(e -> { }, nanoClock);
        Found first = exploration.found().isEmpty() ? null : exploration.found().get(0);
        Outcome outcome = new Outcome(name, options, first != null, exploration.statesChecked(),
                exploration.seconds(), first);
        listener.finished(outcome);
        return outcome;
    }
}
