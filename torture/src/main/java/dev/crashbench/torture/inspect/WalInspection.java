package dev.crashbench.torture.inspect;

import java.util.List;

/**
 * A WAL file as {@code inspect} found it: the header, each frame slot, and what recovery makes of
 * them (computed by the engine's own scan, {@link dev.crashbench.engine.wal.WalScan}).
 *
 * @param frameSlots        whole frame slots after the header region
 * @param partialFrameBytes bytes after the last whole slot (recovery never reads them)
 * @param frames            the listed slots that are not all zero
 * @param emptySlots        runs of listed slots that are all zero (preallocated, never written)
 * @param slotsNotListed    slots past the listing limit
 */
public record WalInspection(String file, FileKind kind, long sizeBytes, Header header, long frameSlots,
                            int partialFrameBytes, List<FrameLine> frames, List<SlotRun> emptySlots,
                            long slotsNotListed, Recovery recovery) implements Inspection {

    /** What recovery makes of the header. */
    public enum HeaderVerdict {
        /** Checksum and magic verify: recovery scans the frames under its salt. */
        VALID,
        /** Bad checksum or magic: recovery replays no frame and starts a new generation. */
        INVALID,
        /** Intact but of another format version or page size: recovery refuses the WAL. */
        INCOMPATIBLE
    }

    /**
     * The header's fields as stored, whatever their validity.
     *
     * @param pageDigest the page digest of the database file when the generation started, in hex
     * @param problem    why the header is not {@link HeaderVerdict#VALID}, or null
     */
    public record Header(String magic, int version, int pageSize, String salt, long checkpointSequence,
                         String pageDigest, String storedChecksum, boolean checksumValid, HeaderVerdict verdict, String problem) {
    }

    /** What recovery does with a frame. */
    public enum FrameFate {
        /** Inside the replayed prefix. */
        REPLAYED,
        /** Continues the chain after the last commit marker, but no marker of its own commit follows: dropped. */
        UNCOMMITTED,
        /** At or after the frame where the scan stopped (or recovery replays nothing at all). */
        NOT_REPLAYED
    }

    /**
     * One frame slot.
     *
     * @param commitSize    the commit marker (database size in pages), null on a frame that carries none
     * @param saltMatches   whether the salt is the header's
     * @param epoch         the append epoch, unsigned
     * @param checksumValid whether the checksum continues the chain from the stored checksum of the
     *                      slot before (for slot 0, from the header salt's seed)
     */
    public record FrameLine(long index, long offset, int pageId, Integer commitSize, String salt, boolean saltMatches,
                            long commitSequence, long epoch, String checksum, boolean checksumValid, FrameFate fate) {
    }

    /** Slots {@code first..last}, inclusive. */
    public record SlotRun(long first, long last) {
    }

    /** What recovery would do. */
    public enum Outcome {
        /** Replays the valid prefix up to its last commit marker (possibly nothing). */
        REPLAYS_PREFIX,
        /** Replays nothing: the header is invalid, so the next open starts a new generation. */
        HEADER_INVALID,
        /** Refuses the WAL: an incompatible header or a chained frame that contradicts its commit. */
        FAILS
    }

    /**
     * Recovery's verdict.
     *
     * @param replayedFrames     frames 0..replayedFrames-1 are replayed
     * @param commits            commit markers among them
     * @param lastCommitSequence commit sequence of the last replayed commit, 0 when none
     * @param lastCommitSize     its database size in pages, 0 when none
     * @param uncommittedFrames  frames after the last marker that continue the chain, dropped
     * @param stopFrame          the first frame not in the valid prefix (or where recovery fails), null when the header stops it
     * @param stop               the engine's reason ({@code WalScan.Stop}), {@code HEADER_INVALID} or {@code CORRUPT}
     * @param summary            one line for people
     */
    public record Recovery(Outcome outcome, int replayedFrames, int commits, long lastCommitSequence,
                           int lastCommitSize, int uncommittedFrames, Long stopFrame, String stop, String summary) {
    }
}
