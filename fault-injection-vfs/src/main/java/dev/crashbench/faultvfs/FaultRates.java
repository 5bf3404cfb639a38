package dev.crashbench.faultvfs;

import java.util.SplittableRandom;

/**
 * Per-step probabilities of each fault for a {@link RandomFaultPlan}. A probability applies
 * only at steps where its fault makes sense (a short write at a write, a lying sync at a sync).
 *
 * @param ioError        EIO on a read, write, truncate, allocation or path call
 * @param shortWrite     a write stores only part of its bytes
 * @param noSpace        ENOSPC on a call that needs space
 * @param lyingSync      a sync (file, range or directory) that persists nothing
 * @param syncError      a file or range sync that fails with EIO and drops pending data
 * @param bitRot         a durable byte of the call's file flips bits
 * @param misdirected    a write lands at another sector-aligned offset
 * @param earlyWriteBack one pending operation becomes durable early
 * @param powerCut       the power is cut (half the time in the middle of the call)
 */
public record FaultRates(double ioError, double shortWrite, double noSpace, double lyingSync, double syncError,
                         double bitRot, double misdirected, double earlyWriteBack, double powerCut) {

    /** No faults at all. */
    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public FaultRates {
        for (double p : new double[] {ioError, shortWrite, noSpace, lyingSync, syncError, bitRot, misdirected,
                earlyWriteBack, powerCut}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault probability outside [0, 1]: " + p);
            }
        }
    }

    /**
     * Swarm testing: each fault family is switched off for half the seeds and otherwise gets a
     * probability drawn up to {@code maxRate}, so some runs hammer one fault and others mix many.
     */
    public static FaultRates swarm(long seed, double maxRate) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, -1));
        double[] p = new double[9];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextBoolean() ? random.nextDouble() * maxRate : 0;
        }
        return new FaultRates(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "EIO %.3f, short %.3f, ENOSPC %.3f, lying sync %.3f, sync EIO %.3f, bit rot %.3f, "
                        + "misdirected %.3f, early write-back %.3f, power cut %.3f", ioError, shortWrite, noSpace,
                lyingSync, syncError, bitRot, misdirected, earlyWriteBack, powerCut);
    }
}
