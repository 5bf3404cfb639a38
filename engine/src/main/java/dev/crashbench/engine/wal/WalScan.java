package dev.crashbench.engine.wal;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The recovery scan of one WAL generation: which prefix of frames recovery replays, and why it
 * stops where it does. {@link Wal#open} runs it on the WAL it opens; {@code crashbench inspect}
 * runs it on a file opened read-only, so what the tool reports is what recovery does.
 *
 * <p>A frame continues the valid prefix only if its salt is the header's and its checksum continues
 * the chain (see {@link WalFrame}). The replayed prefix is the valid prefix up to and including
 * its last commit marker; frames after that marker are ignored. A frame that continues the chain
 * yet contradicts its commit (another commit sequence inside it, a negative page id or commit
 * size, a page beyond the commit's database size) cannot come from a crash, only from a bug or
 * deliberate damage, and is corruption.
 *
 * <p>{@link UnsafeMutation#ACCEPT_STALE_SALT} and {@link UnsafeMutation#NO_FRAME_CHECKSUM}, when
 * switched on, weaken the salt and checksum tests here exactly as they do in recovery, and
 * {@link UnsafeMutation#WAL_HEADER_END_OFFSET} replaces both with the end the header records; the
 * healthy engine ({@link #scan(VfsFile, long, String, WalIndex)}) has none.
 *
 * <p>Reads only: it never writes, truncates or syncs the file.
 */
public final class WalScan {
    /** Frames read per {@code pread}. */
    private static final int BATCH_FRAMES = 16;

    /** Why the valid prefix ends at {@link Result#stopFrame()}. */
    public enum Stop {
        /** No further complete frame slot in the file (a partial one at the end is never read). */
        END_OF_FILE("the file holds no further complete frame"),
        /** The frame's salt is not the header's: a frame of another generation, or a slot never written. */
        SALT_MISMATCH("its salt is not the header's (a frame of another generation, or a slot never written)"),
        /** The frame's checksum does not continue the chain: torn, damaged, or not written after the frame before. */
        CHECKSUM_MISMATCH("its checksum does not continue the chain (torn, damaged, or not written after the frame before)"),
        /** Mutation WAL_HEADER_END_OFFSET only: the frame lies at or past the end the header records. */
        HEADER_END("it lies past the end the WAL header records (unsafe_wal_header_end_offset)");

        private final String description;

        Stop(String description) {
            this.description = description;
        }

        /** Why a frame stopped the scan, as a phrase about "it". */
        public String describe() {
            return description;
        }
    }

    /**
     * What the scan found.
     *
     * @param committedFrames    frames recovery replays: 0..committedFrames-1
     * @param committedChain     the chain value after the last replayed frame (the seed when none)
     * @param lastCommitSize     the commit marker (database size in pages) of the last replayed commit, 0 when none
     * @param lastCommitSequence the commit sequence of the last replayed commit, 0 when none
     * @param lastCommitDigest   the page digest the last replayed commit recorded, 0 when none
     * @param framesIgnored      frames that continue the chain after the last commit marker, without one of their own
     * @param stopFrame          the first frame not in the valid prefix (the number of complete slots at end of file)
     * @param stop               why the valid prefix ends there
     */
    public record Result(int committedFrames, int committedChain, int lastCommitSize, long lastCommitSequence,
                         long lastCommitDigest, int framesIgnored, int stopFrame, Stop stop) {
    }

    private WalScan() {
    }

    /**
     * Scans {@code file}, a WAL whose valid header carries {@code salt}, adding every replayed frame
     * to {@code index} in order.
     *
     * @throws CorruptDatabaseException when a frame continues the chain yet contradicts its commit
     *                                  ({@link CorruptDatabaseException#page()} is the frame index)
     */
    public static Result scan(VfsFile file, long salt, String path, WalIndex index) throws IOException {
        return scan(file, salt, path, index, Set.of());
    }

    /**
     * {@link #scan(VfsFile, long, String, WalIndex)} with {@code mutations} switched on (unsafe), as
     * {@link Wal#open} runs it for an engine opened with unsafe mutations.
     */
    public static Result scan(VfsFile file, long salt, String path, WalIndex index, Set<UnsafeMutation> mutations)
            throws IOException {
        CRC32 crc = new CRC32();
        long size = file.size();
        // No larger than the file: a recovery opens small WALs by the thousand.
        byte[] batch = new byte[WalFrame.SIZE * (int) Math.min(BATCH_FRAMES, WalFrame.slotsIn(size))];
        int running = WalFrame.chainSeed(salt);
        long runSalt = salt;
        int committedChain = running;
        int committed = 0;
        int frame = 0;
        int lastCommitSize = 0;
        long lastCommitSequence = 0;
        long lastCommitDigest = 0;
        int pendingStart = 0;
        long pendingSequence = -1;
        int[] pendingIds = new int[16];
        int pendingCount = 0;
        Stop stop = Stop.END_OF_FILE;
        // Mutation WAL_HEADER_END_OFFSET: the frames below the header's end are taken on its word.
        long trustedEnd = mutations.contains(UnsafeMutation.WAL_HEADER_END_OFFSET) ? headerEnd(file) : -1;
        scanning:
        while (WalFrame.offset(frame) + WalFrame.SIZE <= size) {
            int framesInBatch = (int) Math.min(BATCH_FRAMES, (size - WalFrame.offset(frame)) / WalFrame.SIZE);
            ByteBuffer dst = ByteBuffer.wrap(batch, 0, framesInBatch * WalFrame.SIZE);
            file.readFully(WalFrame.offset(frame), dst);
            for (int i = 0; i < framesInBatch; i++, frame++) {
                int at = i * WalFrame.SIZE;
                long frameSalt = WalFrame.salt(batch, at);
                int stored = WalFrame.storedChecksum(batch, at);
                boolean saltMatches = frameSalt == salt;
                boolean unverified = false;
                if (trustedEnd >= 0 && frame >= trustedEnd) {
                    stop = Stop.HEADER_END;
                    break scanning;
                }
                if (trustedEnd >= 0) {
                    // Mutation: the header says this frame was written, so neither its salt nor
                    // its checksum is checked. The end reached the disk in the same unordered sync
                    // as the frames: a cut can leave it vouching for frames that are torn, stale
                    // (an older generation's) or never landed.
                    saltMatches = true;
                    unverified = true;
                }
                if (!saltMatches && frameSalt != 0 && mutations.contains(UnsafeMutation.ACCEPT_STALE_SALT)) {
                    // Mutation: a frame of an earlier generation is not recognised as stale. Where
                    // the new generation's frames end, the old generation's run is taken up (its
                    // first frame on trust, as its predecessor was overwritten, then its chain), so
                    // commits a checkpoint already retired replay over newer ones. A zero salt is a
                    // never-written slot, not a stale frame.
                    saltMatches = true;
                    unverified = frameSalt != runSalt;
                }
                if (!saltMatches) {
                    stop = Stop.SALT_MISMATCH;
                    break scanning;
                }
                if (mutations.contains(UnsafeMutation.NO_FRAME_CHECKSUM)) {
                    // Mutation: no checksum is verified. A torn frame, a frame left by an earlier
                    // opening, or a later commit that reached the disk before an earlier one is
                    // replayed as long as its salt matches and a commit marker follows it.
                    unverified = true;
                }
                if (!unverified && stored != WalFrame.checksum(batch, at, running, crc)) {
                    stop = Stop.CHECKSUM_MISMATCH;
                    break scanning;
                }
                running = stored;
                runSalt = frameSalt;
                long sequence = WalFrame.commitSequence(batch, at);
                if (frame == pendingStart) {
                    pendingSequence = sequence;
                } else if (sequence != pendingSequence) {
                    throw new CorruptDatabaseException(path, frame, "frame of commit " + sequence
                            + " inside commit " + pendingSequence + " with a valid checksum chain");
                }
                int pageId = WalFrame.pageId(batch, at);
                int commitSize = WalFrame.commitSize(batch, at);
                if (pageId < 0 || commitSize < 0) {
                    throw new CorruptDatabaseException(path, frame, "frame with a valid checksum names page "
                            + pageId + " and commit size " + commitSize);
                }
                if (pendingCount == pendingIds.length) {
                    pendingIds = Arrays.copyOf(pendingIds, pendingIds.length * 2);
                }
                pendingIds[pendingCount++] = pageId;
                if (commitSize > 0) {
                    for (int k = 0; k < pendingCount; k++) {
                        if (pendingIds[k] >= commitSize) {
                            throw new CorruptDatabaseException(path, pendingStart + k, "frame holds page "
                                    + pendingIds[k] + " beyond its commit's database size of " + commitSize + " pages");
                        }
                        index.add(pendingIds[k], pendingStart + k);
                    }
                    pendingCount = 0;
                    committed = frame + 1;
                    committedChain = running;
                    lastCommitSize = commitSize;
                    lastCommitSequence = sequence;
                    lastCommitDigest = WalFrame.digest(batch, at);
                    pendingStart = frame + 1;
                }
            }
        }
        int ignored = Math.max(0, frame - committed);
        return new Result(committed, committedChain, lastCommitSize, lastCommitSequence, lastCommitDigest, ignored,
                frame, stop);
    }

    /** Mutation WAL_HEADER_END_OFFSET only: the end, in frames, the header's end field records (0 when short). */
    private static long headerEnd(VfsFile file) throws IOException {
        ByteBuffer field = ByteBuffer.allocate(WalHeader.END_FRAMES_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (file.read(WalHeader.OFFSET_END_FRAMES, field) != WalHeader.END_FRAMES_SIZE) {
            return 0;
        }
        return Integer.toUnsignedLong(field.getInt(0));
    }
}
