package dev.crashbench.faultvfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Draws at most one fault per step from {@link FaultRates}, with a random source seeded by
 * (seed, step) alone: the same seed gives the same decisions on every machine and run, and a
 * decision at one step does not shift the decisions at later steps.
 */
public final class RandomFaultPlan implements FaultPlan {
    private final long seed;
    private final FaultRates rates;
    private final int sectorSize;

    /**
     * @param sectorSize the alignment of misdirected writes (the disk's sector size)
     */
    public RandomFaultPlan(long seed, FaultRates rates, int sectorSize) {
        this.seed = seed;
        this.rates = rates;
        this.sectorSize = sectorSize;
    }

    public long seed() {
        return seed;
    }

    public FaultRates rates() {
        return rates;
    }

    @Override
    public Optional<Fault> decide(OpContext c) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, c.step()));
        List<Supplier<Fault>> candidates = new ArrayList<>(4);
        OpKind kind = c.kind();
        if (chance(random, rates.powerCut())) {
            candidates.add(() -> new Fault.PowerCut(random.nextBoolean()));
        }
        if (chance(random, rates.ioError()) && new Fault.IoError().appliesTo(kind) && !kind.syncs()
                && kind != OpKind.MAPPED_READ && kind != OpKind.MAPPED_WRITE) {
            candidates.add(Fault.IoError::new);
        }
        if (chance(random, rates.shortWrite()) && kind == OpKind.WRITE && c.length() > 1) {
            candidates.add(() -> new Fault.ShortWrite(1 + random.nextInt((int) Math.min(c.length() - 1, 1 << 30))));
        }
        if (chance(random, rates.noSpace()) && c.needsSpace()) {
            candidates.add(Fault.NoSpace::new);
        }
        // A write through an O_DSYNC handle is its own sync: it may lie or fail like one.
        if (chance(random, rates.lyingSync()) && c.syncs()) {
            candidates.add(Fault.LyingSync::new);
        }
        if (chance(random, rates.syncError())
                && (kind == OpKind.SYNC || kind == OpKind.MAPPED_SYNC || c.dsyncWrite())) {
            candidates.add(Fault.SyncError::new);
        }
        if (chance(random, rates.bitRot()) && c.durableSize() > 0 && new Fault.BitRot(0, 1).appliesTo(kind)) {
            candidates.add(() -> new Fault.BitRot(random.nextLong(c.durableSize()), 1 << random.nextInt(8)));
        }
        if (chance(random, rates.misdirected()) && kind.writesData() && c.length() > 0) {
            candidates.add(() -> new Fault.MisdirectedWrite(misdirectedShift(random, c)));
        }
        if (chance(random, rates.earlyWriteBack()) && c.pendingCount() > 0) {
            candidates.add(() -> new Fault.EarlyWriteBack(List.of(random.nextInt(c.pendingCount()))));
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(candidates.get(random.nextInt(candidates.size())).get());
    }

    /** A whole number of sectors, forward or (when there is room) back. */
    private long misdirectedShift(SplittableRandom random, OpContext c) {
        long shift = (long) sectorSize * (1 + random.nextInt(8));
        return random.nextBoolean() && c.offset() >= shift ? -shift : shift;
    }

    private static boolean chance(SplittableRandom random, double p) {
        // Always draw, so the stream stays aligned whatever the probabilities are.
        double draw = random.nextDouble();
        return draw < p;
    }

    @Override
    public String describe() {
        return "random faults (seed " + seed + ": " + rates.describe() + ")";
    }
}
