package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The survival policy of a power cut: which pending operations reach the disk, whole or torn.
 * A policy turns the pending list into one {@link OpFate} per operation; the fates, not the
 * policy, go into replay files, so even a random policy replays exactly through {@link Explicit}.
 *
 * <p>Operations are named by their index in the pending list, 0 being the oldest.
 */
public sealed interface Survival {

    /** One fate per pending operation, in pending order. */
    List<OpFate> decide(List<PendingOp> pending, DiskModel model);

    String describe();

    /** Nothing pending survives: the disk holds exactly what was synced. */
    record LoseAll() implements Survival {
        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            return Collections.nCopies(pending.size(), OpFate.LOST);
        }

        public String describe() {
            return "lose all pending";
        }
    }

    /** Everything pending survives, as if the kernel had written it all back just in time. */
    record KeepAll() implements Survival {
        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            return Collections.nCopies(pending.size(), OpFate.KEPT);
        }

        public String describe() {
            return "keep all pending";
        }
    }

    /** The oldest {@code count} pending operations survive, in order; the rest are lost. */
    record KeepPrefix(int count) implements Survival {
        public KeepPrefix {
            if (count < 0) {
                throw new IllegalArgumentException("negative prefix " + count);
            }
        }

        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            checkRange(count, pending.size() + 1, "prefix length");
            List<OpFate> fates = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                fates.add(i < count ? OpFate.KEPT : OpFate.LOST);
            }
            return fates;
        }

        public String describe() {
            return "keep the oldest " + count + " pending";
        }
    }

    /** Exactly the pending operations at these indices survive: reordering within and across files. */
    record KeepSubset(Set<Integer> kept) implements Survival {
        public KeepSubset {
            kept = Collections.unmodifiableSet(new TreeSet<>(kept));
        }

        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            for (int i : kept) {
                checkRange(i, pending.size(), "kept index");
            }
            List<OpFate> fates = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                fates.add(kept.contains(i) ? OpFate.KEPT : OpFate.LOST);
            }
            return fates;
        }

        public String describe() {
            return "keep pending " + kept;
        }
    }

    /**
     * The pending write at {@code index} tears with these unit fates; every older operation
     * survives and every newer one is lost: the cut struck while that write was reaching the disk.
     */
    record TearOne(int index, List<SectorFate> units) implements Survival {
        public TearOne {
            units = List.copyOf(units);
        }

        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            checkRange(index, pending.size(), "torn index");
            if (!(pending.get(index) instanceof PendingOp.Write)) {
                throw new IllegalArgumentException("pending op " + index + " is not a write: "
                        + pending.get(index).describe());
            }
            List<OpFate> fates = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                fates.add(i < index ? OpFate.KEPT : i == index ? new OpFate.Torn(units) : OpFate.LOST);
            }
            return fates;
        }

        public String describe() {
            return "tear pending " + index + " " + new OpFate.Torn(units).describe() + ", keep older, lose newer";
        }
    }

    /**
     * Each pending operation independently survives with {@code keepProbability}; a surviving
     * write tears with {@code tearProbability}, each of its units then one of the fates the
     * device allows ({@link TornWrite#possibleFates}) with equal chance. All choices come from {@code seed}.
     */
    record Random(long seed, double keepProbability, double tearProbability) implements Survival {
        public Random {
            if (!(keepProbability >= 0 && keepProbability <= 1 && tearProbability >= 0 && tearProbability <= 1)) {
                throw new IllegalArgumentException("probabilities must be in [0, 1]");
            }
        }

        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            SplittableRandom random = new SplittableRandom(seed);
            // Units are drawn as if inside the file: the fates every unit can have on this device.
            List<SectorFate> unitFates = TornWrite.possibleFates(model, true);
            List<OpFate> fates = new ArrayList<>(pending.size());
            for (PendingOp op : pending) {
                if (random.nextDouble() >= keepProbability) {
                    fates.add(OpFate.LOST);
                } else if (op instanceof PendingOp.Write w && TornWrite.unitCount(w, model) > 0
                        && random.nextDouble() < tearProbability) {
                    List<SectorFate> units = new ArrayList<>();
                    for (int u = TornWrite.unitCount(w, model); u > 0; u--) {
                        units.add(unitFates.get(random.nextInt(unitFates.size())));
                    }
                    fates.add(new OpFate.Torn(units));
                } else {
                    fates.add(OpFate.KEPT);
                }
            }
            return fates;
        }

        public String describe() {
            return "random survival (seed " + seed + ", keep " + keepProbability + ", tear " + tearProbability + ")";
        }
    }

    /** Exactly these fates, one per pending operation: what replay files hold. */
    record Explicit(List<OpFate> fates) implements Survival {
        public Explicit {
            fates = List.copyOf(fates);
        }

        public List<OpFate> decide(List<PendingOp> pending, DiskModel model) {
            if (fates.size() != pending.size()) {
                throw new IllegalArgumentException(fates.size() + " fates given for " + pending.size()
                        + " pending operations");
            }
            return fates;
        }

        public String describe() {
            return "explicit fates " + fates.stream().map(OpFate::describe).toList();
        }
    }

    private static void checkRange(int value, int limit, String what) {
        if (value < 0 || value >= limit) {
            throw new IllegalArgumentException(what + " " + value + " outside 0.." + (limit - 1));
        }
    }
}
