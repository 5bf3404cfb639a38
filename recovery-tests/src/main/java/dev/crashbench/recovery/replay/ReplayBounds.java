package dev.crashbench.recovery.replay;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.workload.Op;
import java.util.List;

/**
 * What a replay file must hold before it runs, beyond its JSON structure: an installed engine at
 * the version that wrote the file, with options it accepts, and sizes within bounds, so that a damaged or hand-made file is refused with
 * the reason instead of exhausting memory or failing half-way through a run. The bounds are far
 * above what any explorer writes (workloads of a few hundred ops, values up to 10 KB).
 */
final class ReplayBounds {
    /** Ops in a workload, fault decisions, and fates of pending operations, each at most. */
    static final int MAX_ITEMS = 1_000_000;
    /** Bytes of one put's value: overflow chains of a few pages are what the tests need. */
    static final int MAX_VALUE_BYTES = 1 << 20;
    /** Bytes of every put's value together: the simulated disk holds the whole workload in memory. */
    static final long MAX_WORKLOAD_BYTES = 256L << 20;

    private ReplayBounds() {
    }

    static void check(CrashCase c) throws InvalidReplayFileException {
        try {
            CaseRunner.configuration(c);
        } catch (IllegalArgumentException e) {
            throw invalid("its engine is refused: " + e.getMessage());
        }
        List<Op> ops = c.workload().ops();
        requireAtMost("workload ops", ops.size(), MAX_ITEMS);
        long bytes = 0;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Op.Put) {
                int size = ((Op.Put) ops.get(i)).size();
                if (size > MAX_VALUE_BYTES) {
                    throw invalid("op " + i + " puts " + size + " bytes; at most " + MAX_VALUE_BYTES + " are allowed");
                }
                bytes += size;
            }
        }
        if (bytes > MAX_WORKLOAD_BYTES) {
            throw invalid("the workload puts " + bytes + " bytes in all; at most " + MAX_WORKLOAD_BYTES + " are allowed");
        }
        checkFaults("run fault", c.runFaults());
        checkFates("fate", c.fates());
        if (c.second() != null) {
            checkFaults("second-stage fault", c.second().faults());
            checkFates("second-stage fate", c.second().fates());
        }
    }

    private static void checkFaults(String what, List<StepFault> faults) throws InvalidReplayFileException {
        requireAtMost(what + "s", faults.size(), MAX_ITEMS);
        try {
            StepFault.mapOf(faults);
        } catch (IllegalArgumentException e) {
            throw invalid(what + "s: " + e.getMessage());
        }
        for (StepFault f : faults) {
            if (f.fault() instanceof Fault.EarlyWriteBack) {
                requireAtMost(what + " write-back indices", ((Fault.EarlyWriteBack) f.fault()).pendingIndices().size(), MAX_ITEMS);
            }
        }
    }

    private static void checkFates(String what, List<OpFate> fates) throws InvalidReplayFileException {
        if (fates == null) {
            return;
        }
        requireAtMost(what + "s", fates.size(), MAX_ITEMS);
        for (int i = 0; i < fates.size(); i++) {
            if (fates.get(i) == null) {
                throw invalid(what + " " + i + " is null");
            }
            if (fates.get(i) instanceof OpFate.Torn) {
                requireAtMost(what + " " + i + " tear units", ((OpFate.Torn) fates.get(i)).units().size(), MAX_ITEMS);
            }
        }
    }

    private static void requireAtMost(String what, long count, long max) throws InvalidReplayFileException {
        if (count > max) {
            throw invalid(count + " " + what + "; at most " + max + " are allowed");
        }
    }

    private static InvalidReplayFileException invalid(String why) {
        return new InvalidReplayFileException("not a usable replay file: " + why, null);
    }
}
