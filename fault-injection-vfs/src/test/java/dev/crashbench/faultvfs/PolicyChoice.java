package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A survival policy drawn independently of the pending list, and resolved once the list is
 * known: a kind and a seed for its choices.
 */
record PolicyChoice(Kind kind, long seed) {

    enum Kind { LOSE_ALL, KEEP_ALL, PREFIX, SUBSET, TEAR, RANDOM }

    static Arbitrary<PolicyChoice> any() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.longs()).as(PolicyChoice::new);
    }

    /** One choice of every kind, with seeds derived from {@code seed}. */
    static List<PolicyChoice> everyKind(long seed) {
        List<PolicyChoice> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            out.add(new PolicyChoice(kind, Seeds.mix(seed, kind.ordinal())));
        }
        return out;
    }

    Survival toSurvival(List<PendingOp> pending, DiskModel model) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = pending.size();
        return switch (kind) {
            case LOSE_ALL -> new Survival.LoseAll();
            case KEEP_ALL -> new Survival.KeepAll();
            case PREFIX -> new Survival.KeepPrefix(random.nextInt(n + 1));
            case SUBSET -> {
                TreeSet<Integer> kept = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    if (random.nextBoolean()) {
                        kept.add(i);
                    }
                }
                yield new Survival.KeepSubset(kept);
            }
            case TEAR -> {
                List<Integer> writes = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (pending.get(i) instanceof PendingOp.Write w && TornWrite.unitCount(w, model) > 0) {
                        writes.add(i);
                    }
                }
                if (writes.isEmpty()) {
                    yield new Survival.LoseAll();
                }
                int index = writes.get(random.nextInt(writes.size()));
                int units = TornWrite.unitCount((PendingOp.Write) pending.get(index), model);
                List<SectorFate> fates = new ArrayList<>();
                List<SectorFate> possible = TornWrite.possibleFates(model, true);
                for (int u = 0; u < units; u++) {
                    fates.add(possible.get(random.nextInt(possible.size())));
                }
                yield new Survival.TearOne(index, fates);
            }
            case RANDOM -> new Survival.Random(seed, 0.5, 0.3);
        };
    }
}
