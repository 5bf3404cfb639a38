package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpContext;

/**
 * Whether a recorded fault can strike a step of another run (the shrinker moves faults onto
 * shorter workloads, whose steps differ): the same conditions SimDisk enforces, so a fault that
 * does not fit is skipped instead of failing the run.
 */
final class FaultFit {
    private FaultFit() {
    }

    static boolean fits(Fault fault, OpContext c) {
        if (!fault.appliesTo(c.kind())) {
            return false;
        }
        if (fault instanceof Fault.ShortWrite s) {
            return s.bytesWritten() < c.length();
        }
        if (fault instanceof Fault.LyingSync || fault instanceof Fault.SyncError) {
            return c.syncs(); // a write syncs only through an O_DSYNC handle
        }
        if (fault instanceof Fault.EarlyWriteBack early) {
            return early.pendingIndices().get(early.pendingIndices().size() - 1) < c.pendingCount();
        }
        if (fault instanceof Fault.MisdirectedWrite m) {
            return c.offset() + m.shift() >= 0;
        }
        return true;
    }
}
