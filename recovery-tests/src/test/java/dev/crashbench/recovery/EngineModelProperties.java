package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.recovery.workload.Op;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Without faults, the engine is a sorted map: random put / delete / commit / rollback / reopen /
 * checkpoint sequences leave exactly the contents a {@code TreeMap} holds, every read in between
 * agrees, and the integrity check finds nothing. Tiny caches, WALs and checkpoint intervals make
 * eviction, WAL growth and checkpoints happen inside short workloads.
 */
class EngineModelProperties {

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void engineAgreesWithTreeMapModel(@ForAll("workloads") List<Op> ops, @ForAll("options") EngineOptions options)
            throws IOException {
        SimDisk disk = new SimDisk(7);
        try (ModelRun run = new ModelRun(disk, options, true)) {
            run.start();
            for (Op op : ops) {
                run.apply(op);
            }
            assertEquals(List.of(), run.database().checkIntegrity());
            run.apply(new Op.Reopen());
            assertEquals(List.of(), run.database().checkIntegrity());
        }
    }

    @Provide
    Arbitrary<List<Op>> workloads() {
        return Workloads.workload(true, 60);
    }

    @Provide
    Arbitrary<EngineOptions> options() {
        return Combinators.combine(
                Arbitraries.of(Durability.class),
                Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(0, 16)
        ).as((durability, cache, checkpointEvery, prealloc) -> EngineOptions.defaults()
                .withDurability(durability)
                .withCacheSizePages(cache)
                .withAutoCheckpointFrames(checkpointEvery)
                .withWalPreallocatedFrames(prealloc));
    }
}
