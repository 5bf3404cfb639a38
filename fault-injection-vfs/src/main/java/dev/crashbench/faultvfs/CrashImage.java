package dev.crashbench.faultvfs;

import java.util.List;

/**
 * What a power cut left: a new, independent {@link SimDisk} holding exactly the surviving
 * durable state, and the fate of every operation that was pending at the cut (what a replay
 * file records to rebuild this image with {@link Survival.Explicit}).
 *
 * @param disk     the image; nothing of the crashed disk can write to it
 * @param cutStep  the step of the crashed disk the cut came before
 * @param pending  the operations that were pending at the cut, oldest first
 * @param fates    one fate per pending operation
 */
public record CrashImage(SimDisk disk, int cutStep, List<PendingOp> pending, List<OpFate> fates) {

    public CrashImage {
        pending = List.copyOf(pending);
        fates = List.copyOf(fates);
    }

    /** One line per pending operation with its fate. */
    public String describeFates() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pending.size(); i++) {
            sb.append(String.format("  %-7s %s%n", fates.get(i).describe(), pending.get(i).describe()));
        }
        return sb.toString();
    }
}
