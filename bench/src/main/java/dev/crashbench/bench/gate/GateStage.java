package dev.crashbench.bench.gate;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.reference.ReferenceTargets;
import java.util.EnumSet;
import java.util.Set;

/**
 * One campaign of the gate: which tiers, at which sizes, for how long.
 *
 * @param name          short name for the report
 * @param tiers         the explorer tiers it runs per seed index
 * @param tortureSizes  whether the three sizing options are cut down to the torture sizes (see {@link #optionsFor})
 * @param budget        its fixed budget (seed indices or crash states, never seconds, so it is deterministic)
 */
public record GateStage(String name, Set<Tier> tiers, boolean tortureSizes, Budget budget) {

    public GateStage {
        tiers = EnumSet.copyOf(tiers);
        if (budget.maxSeconds() != 0) {
            throw new IllegalArgumentException("a gate stage's budget is states or seeds, never time: it must be"
                    + " the same campaign on every machine");
        }
    }

    /**
     * The options this stage runs: the measured ones, or, with torture sizes, the measured ones
     * with {@code cache_size_pages}, {@code auto_checkpoint_frames} and {@code wal_preallocated_frames}
     * each lowered to the torture size ({@link ReferenceTargets#torturedDefaults()}) when larger. Durability,
     * the unsafe options and every other option stay as measured. The smaller sizes make 20-commit
     * workloads cross evictions, automatic checkpoints and WAL resets, and keep the exhaustive tier
     * small: with 1,024 preallocated WAL frames a single workload has tens of thousands of crash states.
     */
    public EngineOptions optionsFor(EngineOptions measured) {
        if (!tortureSizes) {
            return measured;
        }
        EngineOptions torture = ReferenceTargets.torturedDefaults();
        return measured.withCacheSizePages(Math.min(measured.cacheSizePages(), torture.cacheSizePages()))
                .withAutoCheckpointFrames(Math.min(measured.autoCheckpointFrames(), torture.autoCheckpointFrames()))
                .withWalPreallocatedFrames(Math.min(measured.walPreallocatedFrames(), torture.walPreallocatedFrames()));
    }

    /** The stage in words: tiers, sizes, budget. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Tier t : tiers) {
            s.append(s.length() == 0 ? "" : " + ").append(t.key());
        }
        s.append(tortureSizes ? ", torture sizes" : ", the measured options");
        if (budget.maxSeeds() > 0) {
            s.append(", ").append(budget.maxSeeds()).append(budget.maxSeeds() == 1 ? " seed index" : " seed indices");
        }
        if (budget.maxStates() > 0) {
            s.append(", at most ").append(budget.maxStates()).append(" crash states");
        }
        return s.toString();
    }
}
