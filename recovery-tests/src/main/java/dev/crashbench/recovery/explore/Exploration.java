package dev.crashbench.recovery.explore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The running state of one campaign, shared by its tiers: the budget, the states checked per
 * tier, and the violations found.
 *
 * <p>The tiers build crash images on the exploring thread (the one that called a tier or the
 * campaign) and may hand their recoveries to worker threads ({@link Execution#threads}); but every
 * change to this state (a state counted, a violation reported, a seed done) is made on the
 * exploring thread, in the order the tiers produced them, through {@link #submit} and
 * {@link #then} (an {@link InOrderPool}). So the counts, the violations and their order, and the
 * point where the budget stops the exploration are those of a single thread. The
 * {@link Listener} is called on the exploring thread only.
 *
 * <p>Because recoveries run ahead of their turn, a tier may build images past the point where
 * the exploration turns out to be exhausted; their continuations then check
 * {@link #exhausted()} as the plain loop would have before building them, and drop them.
 */
public final class Exploration {
    /** Told after every crash state checked; must be cheap. Called on the exploring thread. */
    public interface Listener {
        void stateChecked(Exploration exploration);

        default void violationFound(Found found) {
        }
    }

    /** How many continuations wait per thread before the exploring thread waits for the oldest. */
    private static final int WINDOW_PER_THREAD = 16;

    private final Budget budget;
    private final Listener listener;
    private final LongSupplier nanoClock;
    private final Execution execution;
    private final long startNanos;
    private final Map<Tier, Long> states = new EnumMap<>(Tier.class);
    private final List<Found> found = new ArrayList<>();
    private final EventTally events = new EventTally();
    private long seeds;
    private long deduplicated;
    private Predicate<Found> stopWhen = f -> false;
    private InOrderPool pool;
    private int producing;
    /** States and seeds submitted whose continuations have not run yet (at most that many will be counted). */
    private long statesInFlight;
    private long seedsInFlight;

    /**
     * An exploration run as {@link Execution#defaults()} says.
     *
     * @param nanoClock the clock the time budget is measured with (System::nanoTime)
     */
    public Exploration(Budget budget, Listener listener, LongSupplier nanoClock) {
        this(budget, listener, nanoClock, Execution.defaults());
    }

    public Exploration(Budget budget, Listener listener, LongSupplier nanoClock, Execution execution) {
        this.budget = budget;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.execution = execution;
        this.startNanos = nanoClock.getAsLong();
        for (Tier t : Tier.values()) {
            states.put(t, 0L);
        }
    }

    public Execution execution() {
        return execution;
    }

    /**
     * What the engine did in the workload runs of this exploration, summed over every run (from any
     * thread): whether the campaign exercised the code it was meant to. The runs' own events, not
     * the recoveries of their crash images.
     */
    public EventTally events() {
        return events;
    }

    /** Adds the events of one workload run (see {@link WorkloadRunner#events()}). Safe from any thread. */
    void countEvents(EventTally run) {
        events.addAll(run.snapshot());
    }

    // ---------------------------------------------------------------- producing, in order

    /**
     * Runs {@code producer}, which submits work and continuations, then runs every continuation
     * still waiting: when this returns, the exploration's state is final. Nested calls run inside
     * the outermost one, which alone waits and stops the workers.
     *
     * <p>A failure ends the exploration where a plain loop would have met it: a continuation that
     * throws (what its work threw) stops everything after it; when the producer throws, what it
     * submitted before still runs first, and a failure there is thrown instead (it came first).
     */
    void produce(Runnable producer) {
        if (producing == 0 && pool == null) {
            pool = new InOrderPool(execution.threads(), WINDOW_PER_THREAD * execution.threads());
        }
        producing++;
        try {
            producer.run();
            if (producing == 1) {
                pool.drain();
            }
        } catch (RuntimeException | Error e) {
            if (producing == 1 && !pool.failed()) {
                // What the producer submitted before it failed still happened: count and report it.
                try {
                    pool.drain();
                } catch (RuntimeException | Error earlier) {
                    earlier.addSuppressed(e);
                    throw earlier;
                }
            }
            throw e;
        } finally {
            producing--;
            if (producing == 0) {
                pool.shutdown();
                pool = null;
                statesInFlight = 0;
                seedsInFlight = 0;
            }
        }
    }

    /**
     * Runs {@code work} on a worker, then {@code then} on the exploring thread in order. The
     * continuation may count at most {@code states} states.
     */
    <T> InOrderPool.Result<T> submit(Supplier<T> work, int states, Consumer<InOrderPool.Result<T>> then) {
        statesInFlight += states;
        return pool().submit(work, r -> {
            statesInFlight -= states;
            then.accept(r);
        });
    }

    /** Runs {@code action} on the exploring thread once everything submitted before it ran; it may count {@code states} states. */
    void then(int states, Runnable action) {
        statesInFlight += states;
        pool().then(() -> {
            statesInFlight -= states;
            action.run();
        });
    }

    /** Counts a workload seed done, in order, unless {@code skipped} then says the plain loop never got to it. */
    void thenCountSeed(BooleanSupplier skipped) {
        seedsInFlight++;
        pool().then(() -> {
            seedsInFlight--;
            if (!skipped.getAsBoolean()) {
                countSeed();
            }
        });
    }

    /** Runs every waiting continuation now (before a tier that changes the state directly). */
    void drain() {
        pool().drain();
    }

    /**
     * Whether the exploration is exhausted as far as the continuations run so far say, for the
     * exploring thread to stop building images early. When the states or seeds still in flight
     * could reach their budget, it first waits for them, so no image past the budget is built.
     * Never decides what is counted: the continuations check {@link #exhausted()} in order.
     */
    boolean exhaustedSoFar() {
        if (pool != null && pool.busy() && (budget.maxStates() > 0 && statesChecked() + statesInFlight >= budget.maxStates()
                || budget.maxSeeds() > 0 && seeds + seedsInFlight >= budget.maxSeeds())) {
            pool.drain();
        }
        return exhausted();
    }

    private InOrderPool pool() {
        if (pool == null) {
            throw new IllegalStateException("submit only inside produce()");
        }
        return pool;
    }

    // ---------------------------------------------------------------- the state

    /** Counts a state checked: recovered, or judged by the verdict of an identical one. */
    void countState(Tier tier, boolean byDuplicate) {
        checkInOrder();
        states.merge(tier, 1L, Long::sum);
        if (byDuplicate) {
            deduplicated++;
        }
        listener.stateChecked(this);
    }

    void countSeed() {
        checkInOrder();
        seeds++;
    }

    /** Stops the exploration as soon as a violation matching {@code condition} is found (as the shrinker asks). */
    public Exploration stopWhen(Predicate<Found> condition) {
        this.stopWhen = condition;
        return this;
    }

    private boolean stopped;

    void report(Found f) {
        checkInOrder();
        stopped |= stopWhen.test(f);
        found.add(f);
        listener.violationFound(f);
    }

    /** A change made outside a continuation while continuations wait would be out of order. */
    private void checkInOrder() {
        if (pool != null && pool.busy() && !pool.applying()) {
            throw new IllegalStateException("the exploration changed while continuations wait: drain first");
        }
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

    /** States judged by reusing the verdict of an identical state (same image, same expectation) instead of recovering. */
    public long statesDeduplicated() {
        return deduplicated;
    }

    /** States whose crash image was recovered. */
    public long statesRecovered() {
        return statesChecked() - deduplicated;
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
