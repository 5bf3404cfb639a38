package dev.crashbench.recovery.property;

import dev.crashbench.recovery.reference.ReferenceEngine;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.OptionConflict;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.recovery.explore.WorkloadRunner;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Without faults the engine is a sorted map. A workload runs through the explorer's
 * {@link WorkloadRunner}, which checks each read against its model (inside a write transaction
 * too) and each clean restart with the oracle (integrity, then contents); here each put is read
 * back inside its transaction, every key the workload wrote is read back after each commit,
 * rollback, checkpoint and restart, and the run ends with a restart. Engine options vary over every durability mode, caches, WAL sizes and
 * checkpoint intervals down to one, so eviction, WAL growth and checkpoints happen inside short
 * workloads; keys include negative ones and the extremes of the key space. Each try also switches
 * on a random combination of the optimizations, any that {@link OptionConflict} allows together,
 * so each one, and each pair, runs against the model too.
 */
class EngineModelProperties {

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void engineAgreesWithItsModel(@ForAll("workloads") Workload workload, @ForAll("options") EngineOptions options) {
        Violation v = new WorkloadRunner(new SimDisk(7), ReferenceEngine.with(options)).run(readingBack(workload));
        assertNull(v, () -> v.describe());
    }

    /** The workload with its reads back added (see the class comment), then a restart. */
    private static Workload readingBack(Workload workload) {
        List<Op> ops = new ArrayList<>();
        Set<Long> keys = new TreeSet<>();
        for (Op op : workload.ops()) {
            ops.add(op);
            if (op instanceof Op.Put put) {
                keys.add(put.key());
                ops.add(new Op.Read(put.key()));
            } else if (op instanceof Op.Commit || op instanceof Op.Rollback || op instanceof Op.Checkpoint
                    || op instanceof Op.Reopen) {
                keys.forEach(k -> ops.add(new Op.Read(k)));
            }
        }
        ops.add(new Op.Reopen());
        return new Workload(ops);
    }

    @Provide
    Arbitrary<Workload> workloads() {
        return WorkloadArbitraries.shapedLike(WorkloadGenerator.DEFAULT,
                WorkloadArbitraries.keysWithExtremes(WorkloadGenerator.DEFAULT.keyRange()));
    }

    @Provide
    Arbitrary<EngineOptions> options() {
        return Combinators.combine(
                Arbitraries.of(Durability.class),
                Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(0, 16),
                optimizationSets()
        ).as((durability, cache, checkpointEvery, prealloc, optimizations) -> {
            EngineOptions options = EngineOptions.defaults()
                    .withDurability(durability)
                    .withCacheSizePages(cache)
                    .withAutoCheckpointFrames(checkpointEvery)
                    .withWalPreallocatedFrames(prealloc);
            for (Optimization optimization : optimizations) {
                options = options.withOptimization(optimization, true);
            }
            return options.checkCombination();
        });
    }

    /** Any set of optimizations the engine accepts together. */
    private static Arbitrary<Set<Optimization>> optimizationSets() {
        return Arbitraries.subsetOf(Optimization.values())
                .filter(on -> OptionConflict.among(on).isEmpty());
    }
}
