package dev.crashbench.recovery.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The running state of one campaign, shared by its tiers: the budget, the states checked per
 * tier, and the violations found. Single-threaded, like the simulation itself.
 */
public final class Exploration {
    /** Told after every crash state checked; must be cheap. */
    public interface Listener {
        void stateChecked(Exploration exploration);

        default void violationFound(Found found) {
        }
    }

    private final Budget budget;
    private final Listener listener;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Map<Tier, Long> states = new EnumMap<>(Tier.class);
    private final List<Found> found = new ArrayList<>();
    private long seeds;
    private Predicate<Found> stopWhen = f -> false;

    /** @param nanoClock the clock the time budget is measured with (System::nanoTime) */
    public Exploration(Budget budget, Listener listener, LongSupplier nanoClock) {
        this.budget = budget;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        for (Tier t : Tier.values()) {
            states.put(t, 0L);
        }
    }

    void countState(Tier tier) {
        states.merge(tier, 1L, Long::sum);
        listener.stateChecked(this);
    }

    void countSeed() {
        seeds++;
    }

    /** Stops the exploration as soon as a violation matching {@code condition} is found (as the shrinker asks). */
    public Exploration stopWhen(Predicate<Found> condition) {
        this.stopWhen = condition;
        return this;
    }

    private boolean stopped;

    void report(Found f) {
        stopped |= stopWhen.test(f);
        found.add(f);
        listener.violationFound(f);
    }

    /** Whether the budget is used up (or a violation stops the campaign). */
    public boolean exhausted() {
        if (stopped || budget.stopAtFirstViolation() && !found.isEmpty()) {
            return true;
        }
        if (budget.maxStates() > 0 && statesChecked() >= budget.maxStates()) {
            return true;
        }
        if (budget.maxSeeds() > 0 && seeds >= budget.maxSeeds()) {
            return true;
        }
        return budget.maxSeconds() > 0 && seconds() >= budget.maxSeconds();
    }

    public long statesChecked() {
        long total = 0;
        for (long n : states.values()) {
            total += n;
        }
        return total;
    }

    public long statesChecked(Tier tier) {
        return states.get(tier);
    }

    public long seeds() {
        return seeds;
    }

    public double seconds() {
        return (nanoClock.getAsLong() - startNanos) / 1e9;
    }

    public Budget budget() {
        return budget;
    }

    public List<Found> found() {
        return Collections.unmodifiableList(found);
    }
}
