package dev.crashbench.faultvfs;

/**
 * What a {@link FaultPlan} may know about the call it is deciding on. Everything here is a
 * function of the op trace so far, so a plan that reads it stays deterministic.
 *
 * @param step         the step number of this call (0 is the first call on the disk)
 * @param kind         the kind of call
 * @param path         the file or directory it names
 * @param offset       the file offset for data calls, else 0
 * @param length       the byte count for data calls, else 0
 * @param liveSize     the file's size as the program sees it, or 0 for path calls
 * @param durableSize  the file's durable size, or 0 for path calls
 * @param pendingCount how many operations are pending (not yet durable) on the whole disk
 * @param dsyncWrite   whether this is a write through an O_DSYNC handle, which syncs as it writes
 *                     and so may take the sync faults (a lying or failing write-back)
 */
public record OpContext(int step, OpKind kind, String path, long offset, long length,
                        long liveSize, long durableSize, int pendingCount, boolean dsyncWrite) {

    /** Whether this call makes data durable: a sync of any kind, or a write through an O_DSYNC handle. */
    public boolean syncs() {
        return kind.syncs() || dsyncWrite;
    }

    /** Whether this call would need new space on the disk: a write past the end, or an allocation. */
    public boolean needsSpace() {
        return switch (kind) {
            case WRITE -> offset + length > liveSize;
            case ALLOCATE -> length > liveSize;
            default -> false;
        };
    }
}
