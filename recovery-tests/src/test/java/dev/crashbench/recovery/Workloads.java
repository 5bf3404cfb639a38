package dev.crashbench.recovery;

import dev.crashbench.recovery.workload.Op;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of single-table workloads: keys from a small range (so ops collide), values of every size class. */
final class Workloads {
    private Workloads() {
    }

    static Arbitrary<Long> keys() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 40),
                Arbitraries.longs().between(-1_000, 100_000),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L));
    }

    /** Mostly small values, some near the inline limit, some spilling to overflow pages. */
    static Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 64)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(500, 1_500)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(3_000, 12_000)));
    }

    static Arbitrary<Op> ops(boolean withReopen) {
        Arbitrary<Op> put = Combinators.combine(keys(), sizes(), Arbitraries.integers().between(0, 1000)).as(Op.Put::new);
        Arbitrary<Op> delete = keys().map(Op.Delete::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, put),
                net.jqwik.api.Tuple.of(3, delete),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(new Op.Commit())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op.Rollback())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Op.Checkpoint())),
                net.jqwik.api.Tuple.of(withReopen ? 1 : 0, Arbitraries.just(new Op.Reopen())));
    }

    static Arbitrary<List<Op>> workload(boolean withReopen, int maxOps) {
        // Uniform sizes: jqwik's default favours tiny lists, which rarely reach a checkpoint.
        return ops(withReopen).list().ofMinSize(1).ofMaxSize(maxOps)
                .withSizeDistribution(net.jqwik.api.RandomDistribution.uniform());
    }
}
