package dev.crashbench.recovery.property;

import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries of workloads with the shape {@link WorkloadGenerator} gives the explorer:
 * transactions of 1..maxWritesPerTx writes (7 in 10 puts, 2 in 10 deletes, 1 in 10 reads) over
 * keys 0..keyRange-1, one in eight rolled back, and after a commit now and then a checkpoint, a
 * clean restart or a read; values mostly small, some near the 1,024-byte inline limit, a few
 * spilling to overflow pages.
 *
 * <p>The generator's workloads are a function of one seed, which shrinks to nothing useful. These
 * are built by jqwik, so its shrinking drops whole transactions, then single writes, and moves
 * keys, sizes and salts toward zero: a failure is reported with a minimal op list.
 */
public final class WorkloadArbitraries {
    /** Transactions that end in a commit or a rollback: about the generator's 20 commits, and fewer. */
    private static final int MAX_TRANSACTIONS = 24;

    private WorkloadArbitraries() {
    }

    /** Workloads shaped like {@code shape}'s, over its key range. */
    public static Arbitrary<Workload> shapedLike(WorkloadGenerator shape) {
        return shapedLike(shape, Arbitraries.longs().between(0, shape.keyRange() - 1));
    }

    /** Workloads shaped like {@code shape}'s, with keys drawn from {@code keys}. */
    public static Arbitrary<Workload> shapedLike(WorkloadGenerator shape, Arbitrary<Long> keys) {
        Arbitrary<Op> write = Arbitraries.frequencyOf(
                Tuple.of(7, Combinators.combine(keys, valueSizes(), Arbitraries.integers().between(0, (1 << 16) - 1))
                        .as(Op.Put::new)),
                Tuple.of(2, keys.map(Op.Delete::new)),
                Tuple.of(1, keys.map(Op.Read::new)));
        Arbitrary<Op> end = Arbitraries.frequencyOf(
                Tuple.of(7, Arbitraries.just(new Op.Commit())),
                Tuple.of(1, Arbitraries.just(new Op.Rollback())));
        Arbitrary<List<Op>> after = Arbitraries.frequencyOf(
                Tuple.of(13, Arbitraries.just(List.<Op>of())),
                Tuple.of(2, Arbitraries.just(List.<Op>of(new Op.Checkpoint()))),
                Tuple.of(1, Arbitraries.just(List.<Op>of(new Op.Reopen()))),
                Tuple.of(4, keys.map(k -> List.<Op>of(new Op.Read(k)))));
        Arbitrary<List<Op>> transaction = Combinators.combine(
                write.list().ofMinSize(1).ofMaxSize(shape.maxWritesPerTx()), end, after)
                .as(WorkloadArbitraries::transaction);
        // Uniform counts: jqwik's default favours tiny lists, which rarely reach a checkpoint.
        return transaction.list().ofMinSize(1).ofMaxSize(MAX_TRANSACTIONS)
                .withSizeDistribution(RandomDistribution.uniform())
                .map(WorkloadArbitraries::workload);
    }

    /** Keys the generator never draws: negative, far apart, and the extremes of the key space. */
    public static Arbitrary<Long> keysWithExtremes(int keyRange) {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, keyRange - 1),
                Arbitraries.longs().between(-1_000, 100_000),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L));
    }

    /** The generator's size classes: 12 in 16 small, 3 near the inline limit, 1 overflowing. */
    private static Arbitrary<Integer> valueSizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, 64)),
                Tuple.of(3, Arbitraries.integers().between(900, 1_149)),
                Tuple.of(1, Arbitraries.integers().between(4_000, 9_999)));
    }

    private static List<Op> transaction(List<Op> writes, Op end, List<Op> after) {
        List<Op> ops = new ArrayList<>(writes);
        ops.add(end);
        if (end instanceof Op.Commit) {
            ops.addAll(after);
        }
        return ops;
    }

    private static Workload workload(List<List<Op>> transactions) {
        List<Op> ops = new ArrayList<>();
        transactions.forEach(ops::addAll);
        return new Workload(ops);
    }
}
