package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.Seeds;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A campaign: seed indices {@code shard, shard + shards, shard + 2 shards, ...} (so shards never
 * share a seed), and for each index, in order, the exhaustive tier on that index's workload,
 * {@link #RANDOM_RUNS_PER_SEED} random-tier runs and one compound-tier run, each tier only if
 * enabled, until the budget is spent.
 *
 * @param target     the engine and device under test
 * @param seed       the campaign seed; index i explores {@code Seeds.mix(seed, i)}
 * @param tiers      the tiers to run
 * @param families   the fault families of the random tier
 * @param generator  the workloads' shape
 * @param shard      this shard's number, from 0
 * @param shards     how many shards split the campaign
 * @param budget     when to stop
 */
public record Campaign(Target target, long seed, Set<Tier> tiers, Set<FaultFamily> families,
                       WorkloadGenerator generator, int shard, int shards, Budget budget) {

    public static final int RANDOM_RUNS_PER_SEED = 32;

    public Campaign {
        tiers = tiers.isEmpty() ? Set.of() : EnumSet.copyOf(tiers);
        families = families.isEmpty() ? Set.of() : EnumSet.copyOf(families);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one tier");
        }
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + "/" + shards + ": need 0 <= i < n");
        }
    }

    /** The default campaign on a target: every tier, every fault family, the default workload shape. */
    public static Campaign standard(Target target, long seed, Budget budget) {
        return new Campaign(target, seed, EnumSet.allOf(Tier.class), EnumSet.allOf(FaultFamily.class),
                WorkloadGenerator.DEFAULT, 0, 1, budget);
    }

    /** The seed explored at a seed index. */
    public long seedAt(long index) {
        return Seeds.mix(seed, index);
    }

    /** Runs the campaign as {@link Execution#defaults()} says. */
    public Exploration run(Exploration.Listener listener, LongSupplier nanoClock) {
        return run(listener, nanoClock, Execution.defaults());
    }

    /**
     * Runs the campaign. {@code execution} changes how fast, never what: the same states are
     * checked in the same order, with the same violations, whatever the threads.
     */
    public Exploration run(Exploration.Listener listener, LongSupplier nanoClock, Execution execution) {
        Exploration exploration = new Exploration(budget, listener, nanoClock, execution);
        ExhaustiveExplorer exhaustive = new ExhaustiveExplorer(target);
        RandomExplorer random = new RandomExplorer(target, families, generator);
        CompoundExplorer compound = new CompoundExplorer(target, generator);
        exploration.produce(() -> {
            for (long index = shard; !exploration.exhaustedSoFar(); index += shards) {
                long s = seedAt(index);
                // Whether the loop would have ended before this index: decided in order, when every
                // state before it has been counted (this thread may be ahead of that).
                boolean[] skipped = new boolean[1];
                exploration.then(0, () -> skipped[0] = exploration.exhausted());
                if (tiers.contains(Tier.EXHAUSTIVE)) {
                    exhaustive.enqueue(generator.generate(Seeds.mix(s, 1)), Seeds.mix(s, 3), Map.of(), exploration);
                }
                for (int r = 0; tiers.contains(Tier.RANDOM) && r < RANDOM_RUNS_PER_SEED && !exploration.exhaustedSoFar();
                     r++) {
                    random.enqueue(Seeds.mix(s, 100 + r), exploration, true);
                }
                if (tiers.contains(Tier.COMPOUND)) {
                    exploration.drain(); // the compound tier counts as it goes
                    if (!exploration.exhausted()) {
                        compound.explore(s, exploration);
                    }
                }
                exploration.thenCountSeed(() -> skipped[0]);
            }
        });
        return exploration;
    }
}
