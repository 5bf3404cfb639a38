package dev.crashbench.faultvfs;

import java.util.List;

/**
 * One fault a {@link FaultPlan} injects at one step. Each fault is a value, so a plan's
 * decisions can be recorded in the op trace and replayed exactly.
 */
public sealed interface Fault {

    /** One line for messages and replay files. */
    String describe();

    /** Whether this fault makes sense at a step of this kind; a plan that says otherwise is a bug. */
    boolean appliesTo(OpKind kind);

    /**
     * Power is cut: this step does not complete and every later call fails with
     * {@link PowerCutException}. With {@code midOp}, a write or data-changing call at this step
     * was issued and left pending (it may survive, be lost, or tear) but never returned;
     * otherwise the run stops just before it.
     */
    record PowerCut(boolean midOp) implements Fault {
        public String describe() {
            return midOp ? "power cut during the call" : "power cut before the call";
        }

        public boolean appliesTo(OpKind kind) {
            return true;
        }
    }

    /** The sync returns success and persists nothing: the drive's cache was never flushed. */
    record LyingSync() implements Fault {
        public String describe() {
            return "lying sync: returns OK, persists nothing";
        }

        public boolean appliesTo(OpKind kind) {
            return kind.syncs() || kind == OpKind.WRITE;
        }
    }

    /**
     * The sync fails with EIO once; the file's pending data is dropped and marked clean, so the
     * next sync succeeds and that data is gone (Linux's behaviour behind "fsyncgate").
     */
    record SyncError() implements Fault {
        public String describe() {
            return "sync fails with EIO, pending data of the file dropped";
        }

        public boolean appliesTo(OpKind kind) {
            return kind == OpKind.SYNC || kind == OpKind.MAPPED_SYNC || kind == OpKind.WRITE;
        }
    }

    /**
     * The call fails with EIO and changes nothing. Not for a file or range sync (EIO there is
     * {@link SyncError}, which drops the pending pages) nor for loads and stores through a mapping.
     */
    record IoError() implements Fault {
        public String describe() {
            return "EIO, nothing changed";
        }

        public boolean appliesTo(OpKind kind) {
            return switch (kind) {
                case CLOSE, UNMAP, SYNC, MAPPED_SYNC, MAPPED_READ, MAPPED_WRITE -> false;
                default -> true;
            };
        }
    }

    /** The write stores only its first {@code bytesWritten} bytes and returns that count. */
    record ShortWrite(int bytesWritten) implements Fault {
        public ShortWrite {
            if (bytesWritten < 0) {
                throw new IllegalArgumentException("negative short write " + bytesWritten);
            }
        }

        public String describe() {
            return "short write of " + bytesWritten + " bytes";
        }

        public boolean appliesTo(OpKind kind) {
            return kind == OpKind.WRITE;
        }
    }

    /**
     * The disk is full: a call that needs new space (a write past the end of the file, an
     * allocation) fails with ENOSPC and changes nothing. Overwrites inside the file succeed.
     */
    record NoSpace() implements Fault {
        public String describe() {
            return "ENOSPC: the disk is full";
        }

        public boolean appliesTo(OpKind kind) {
            return kind == OpKind.WRITE || kind == OpKind.ALLOCATE;
        }
    }

    /**
     * Bit rot: before this call, the durable byte at {@code offset} of the call's file has the
     * bits of {@code mask} flipped. The page cache keeps the good copy, so only a reader after
     * a crash (or a reopen from the durable image) sees it. No effect past the durable end.
     */
    record BitRot(long offset, int mask) implements Fault {
        public BitRot {
            if (offset < 0 || mask == 0 || (mask & ~0xFF) != 0) {
                throw new IllegalArgumentException("bit rot needs offset >= 0 and a mask in 1..255");
            }
        }

        public String describe() {
            return "bit rot: durable byte " + offset + " xor 0x" + Integer.toHexString(mask);
        }

        public boolean appliesTo(OpKind kind) {
            return kind.onOpenFile() && kind != OpKind.CLOSE && kind != OpKind.UNMAP;
        }
    }

    /**
     * A misdirected write: the program and the page cache see the data at the offset asked
     * for, but the device stores it {@code shift} bytes away (before it when negative) when it
     * is written back.
     */
    record MisdirectedWrite(long shift) implements Fault {
        public MisdirectedWrite {
            if (shift == 0) {
                throw new IllegalArgumentException("a misdirected write must land elsewhere: shift 0");
            }
        }

        public String describe() {
            return "misdirected write: lands " + Math.abs(shift) + " bytes " + (shift > 0 ? "after" : "before")
                    + " where asked";
        }

        public boolean appliesTo(OpKind kind) {
            return kind.writesData();
        }
    }

    /**
     * Early write-back: before this call, the pending operations at these positions of the
     * pending list (0 is the oldest) become durable, as the kernel may write back dirty pages
     * whenever it likes.
     */
    record EarlyWriteBack(List<Integer> pendingIndices) implements Fault {
        public EarlyWriteBack {
            pendingIndices = List.copyOf(pendingIndices);
            if (pendingIndices.isEmpty()) {
                throw new IllegalArgumentException("an early write-back needs at least one pending op");
            }
            int previous = -1;
            for (int i : pendingIndices) {
                if (i <= previous) {
                    throw new IllegalArgumentException("pending indices must ascend: " + pendingIndices);
                }
                previous = i;
            }
        }

        public String describe() {
            return "early write-back of pending ops " + pendingIndices;
        }

        public boolean appliesTo(OpKind kind) {
            return true;
        }
    }
}
