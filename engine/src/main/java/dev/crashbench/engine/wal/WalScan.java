package dev.crashbench.engine.wal;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.pager.PageBytes;
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
 * <p>Frames have lengths of their own ({@link WalFrame}): the scan walks them front to back from
 * the end of the header region. A frame continues the valid prefix only if its salt is the
 * header's, its kind and length are ones the engine writes, and its checksum continues the chain. The replayed prefix is the valid prefix up to and including
 * its last commit marker; frames after that marker are ignored. A frame that continues the chain
 * yet contradicts its commit (another commit sequence inside it, a negative page id or commit
 * size, a page beyond the commit's database size, a malformed delta, a delta whose base is not its
 * page's newest frame before it) cannot come from a crash, only from a bug or deliberate damage,
 * and is corruption.
 *
 * <p>Where the valid prefix ends at a broken frame, the scan asks whether a crash can have left the
 * break (the decision table, one test per row in {@code WalDamageTest}):
 * <table>
 *   <caption>A break in the chain: torn tail or damage</caption>
 *   <tr><th>what lies at or after the broken frame</th><th>verdict</th></tr>
 *   <tr><td>nothing but the end of the file</td><td>torn tail: truncated</td></tr>
 *   <tr><td>frames that are not of this generation (another salt, zeros), or that fail their own
 *       checksum</td><td>torn tail: truncated</td></tr>
 *   <tr><td>frames of this generation, valid on their own, whose synced count does not reach past
 *       the break (written while the broken frame was not yet known durable: durability NORMAL or
 *       OFF, a group commit's commits in flight, the frames of the broken commit itself)</td><td>torn
 *       tail: truncated</td></tr>
 *   <tr><td>frames of this generation from an older opening (a lower epoch than the last valid
 *       frame) or of no later commit than the last replayed one</td><td>torn tail: truncated (they
 *       were written before the break, not after it)</td></tr>
 *   <tr><td>a frame of this generation, valid on its own, of a later commit and an epoch no older
 *       than the last valid frame's, whose synced count reaches past the break</td><td>damage:
 *       {@link CorruptDatabaseException} naming the WAL, the broken frame's index and offset, what
 *       failed, and the frame that proves it had been synced</td></tr>
 *   <tr><td>a chain-valid close frame (no break)</td><td>a clean close: the scan ends there</td></tr>
 * </table>
 * A sync that returned made every frame it covered durable, and nothing rewrites such a frame
 * while its generation lasts; so a frame whose synced count reaches past the break proves that
 * the broken frame was durable, and its being broken is damage (or a lying sync, which the same
 * refusal reports). Only frames aligned to {@link WalFrame#ALIGNMENT} are looked at, which is where
 * the engine writes them.
 *
 * <p>{@link UnsafeMutation#ACCEPT_STALE_SALT}, {@link UnsafeMutation#NO_FRAME_CHECKSUM} and
 * {@link UnsafeMutation#DELTA_UNVERIFIED}, when switched on, weaken the salt and checksum tests
 * here exactly as they do in recovery, and {@link UnsafeMutation#WAL_HEADER_END_OFFSET} replaces
 * both with the end the header records; the
 * healthy engine ({@link #scan(VfsFile, long, String, WalIndex)}) has none.
 *
 * <p>Reads only: it never writes, truncates or syncs the file.
 */
public final class WalScan {

    /** Why the valid prefix ends at {@link Result#stopFrame()}. */
    public enum Stop {
        /** No further complete frame slot in the file (a partial one at the end is never read). */
        END_OF_FILE("the file holds no further complete frame"),
        /** The frame's salt is not the header's: a frame of another generation, or a slot never written. */
        SALT_MISMATCH("its salt is not the header's (a frame of another generation, or a slot never written)"),
        /**
         * The frame's checksum does not continue the chain, or its kind or length is none a frame has:
         * torn, damaged, or not written after the frame before.
         */
        CHECKSUM_MISMATCH("its checksum does not continue the chain (torn, damaged, or not written after the frame before)"),
        /** Mutation WAL_HEADER_END_OFFSET only: the frame lies at or past the end the header records. */
        HEADER_END("it lies past the end the WAL header records (unsafe_wal_header_end_offset)"),
        /** The frame is a close frame continuing the chain: the WAL was closed cleanly after the frames before it. */
        CLOSED("it is the close frame of a clean close");

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
     * @param syncedClaim        the largest synced count of a frame of the valid prefix or of its close frame
     *                           (unsigned): how much of this generation its frames say a sync had made durable
     */
    public record Result(int committedFrames, int committedChain, int lastCommitSize, long lastCommitSequence,
                         long lastCommitDigest, int framesIgnored, int stopFrame, Stop stop, long syncedClaim) {
    }

    private WalScan() {
    }

    /**
     * Scans {@code file}, a WAL whose valid header carries {@code salt}, adding every replayed frame
     * to {@code index} in order.
     *
     * @throws CorruptDatabaseException when a frame continues the chain yet contradicts its commit, or
     *                                  the chain breaks where a sync had made the frames durable (see the
     *                                  class comment; {@link CorruptDatabaseException#page()} is the frame index)
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
        return scan(file, salt, path, index, mutations, true);
    }

    /**
     * Checks the frames of a WAL whose header is unusable (it fails its checksum or magic) before a
     * new generation is started over them, which throws them away. A header is written only when
     * its generation starts and synced before any frame goes under it, and a reset happens only after
     * every frame is home; so a crash can leave an unusable header only over frames the database file
     * already holds. The generation the frames at the start of the file belong to (frame 0's salt) is
     * scanned: if it holds commits a sync had covered and its last commit's page digest is not
     * {@code homeDigest}, the database file's, they are commits the file lacks, and the header was
     * damaged. Without a synced count (durability OFF, whose headers are never synced) nothing can
     * be told, and the frames are given up as before.
     *
     * @throws CorruptDatabaseException when the header was damaged over commits that are not home
     */
    public static void checkUnusableHeader(VfsFile file, String path, long homeDigest) throws IOException {
        Result frames = generationAtStart(file, path);
        if (frames != null && frames.committedFrames() > 0 && frames.syncedClaim() > 0
                && frames.lastCommitDigest() != homeDigest) {
            throw new CorruptDatabaseException(path, CorruptDatabaseException.NO_PAGE, "WAL header damaged (it fails"
                    + " its checksum or magic), yet the " + frames.committedFrames() + " frames after it, through"
                    + " commit " + frames.lastCommitSequence() + ", were synced and are not in the database file:"
                    + " damage, not a crash during a WAL reset");
        }
    }

    /**
     * The scan of the generation frame 0 belongs to, by frame 0's own salt, without judging where it
     * breaks: what a WAL whose header is unusable holds ({@link #checkUnusableHeader}). Null when the
     * file has no frame 0 or frame 0 was never written.
     */
    public static Result generationAtStart(VfsFile file, String path) throws IOException {
        if (file.size() < WalHeader.REGION_SIZE + WalFrame.ENCODED_HEADER_SIZE) {
            return null;
        }
        byte[] field = new byte[8];
        file.readFully(WalHeader.REGION_SIZE + WalFrame.OFFSET_SALT, java.nio.ByteBuffer.wrap(field));
        long salt = PageBytes.getLong(field, 0);
        return salt == 0 ? null : scan(file, salt, path, new WalIndex(), Set.of(), false);
    }

    private static Result scan(VfsFile file, long salt, String path, WalIndex index, Set<UnsafeMutation> mutations,
                               boolean judgeBreak) throws IOException {
        CRC32 crc = new CRC32();
        WalWindow window = new WalWindow(file, file.size());
        boolean unaligned = mutations.contains(UnsafeMutation.DELTA_UNALIGNED);
        int running = WalFrame.chainSeed(salt);
        long runSalt = salt;
        int committedChain = running;
        int committed = 0;
        int frame = 0;
        long position = WalHeader.REGION_SIZE;
        int lastCommitSize = 0;
        long lastCommitSequence = 0;
        long lastCommitDigest = 0;
        int pendingStart = 0;
        long pendingSequence = -1;
        Pending pending = new Pending();
        long syncedClaim = 0;
        int lastEpoch = 0;
        boolean anyValid = false;
        Stop stop;
        // Mutation WAL_HEADER_END_OFFSET: the frames below the header's end are taken on its word.
        long trustedEnd = mutations.contains(UnsafeMutation.WAL_HEADER_END_OFFSET) ? headerEnd(file) : -1;
        while (true) {
            if (position + WalFrame.ENCODED_HEADER_SIZE > window.size()) {
                stop = Stop.END_OF_FILE;
                break;
            }
            int at = window.at(position, WalFrame.ENCODED_HEADER_SIZE);
            byte[] batch = window.buffer();
            long frameSalt = WalFrame.salt(batch, at);
            boolean saltMatches = frameSalt == salt;
            boolean unverified = false;
            if (trustedEnd >= 0 && frame >= trustedEnd) {
                stop = Stop.HEADER_END;
                break;
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
                break;
            }
            boolean shaped = WalFrame.hasValidShape(batch, at, unaligned);
            if (!shaped && trustedEnd < 0) {
                // A kind or length no frame has: torn or damaged, its checksum cannot even be computed.
                stop = Stop.CHECKSUM_MISMATCH;
                break;
            }
            // Mutation WAL_HEADER_END_OFFSET takes a slot it vouches for as a full frame, whatever it holds.
            int length = shaped ? WalFrame.length(batch, at) : WalFrame.SIZE;
            if (position + length > window.size()) {
                stop = Stop.END_OF_FILE;
                break;
            }
            at = window.at(position, length);
            batch = window.buffer();
            int stored = WalFrame.storedChecksum(batch, at);
            if (mutations.contains(UnsafeMutation.NO_FRAME_CHECKSUM)) {
                // Mutation: no checksum is verified. A torn frame, a frame left by an earlier
                // opening, or a later commit that reached the disk before an earlier one is
                // replayed as long as its salt matches and a commit marker follows it.
                unverified = true;
            }
            if (WalFrame.kind(batch, at) == WalFrame.KIND_DELTA && mutations.contains(UnsafeMutation.DELTA_UNVERIFIED)) {
                // Mutation: a delta frame is taken on trust, its chain continued from the checksum
                // it stores, on the theory that the page rebuilt from it fails its own checksum if
                // the delta was torn. It does, but only when the page is read: a torn delta of a
                // commit that never finished is replayed, and the open that copies the recovered
                // pages refuses a database that had lost nothing.
                unverified = true;
            }
            if (!unverified && (!WalFrame.verifiesAlone(batch, at, crc)
                    || stored != WalFrame.chain(running, WalFrame.storedFrameChecksum(batch, at), crc))) {
                stop = Stop.CHECKSUM_MISMATCH;
                break;
            }
            syncedClaim = Math.max(syncedClaim, Integer.toUnsignedLong(WalFrame.syncedFrames(batch, at)));
            if (shaped && WalFrame.kind(batch, at) == WalFrame.KIND_CLOSE) {
                stop = Stop.CLOSED;
                break;
            }
            anyValid = true;
            lastEpoch = WalFrame.epoch(batch, at);
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
            int base = -1;
            if (shaped && WalFrame.kind(batch, at) == WalFrame.KIND_DELTA) {
                base = WalFrame.baseFrame(batch, at);
                if (DeltaCodec.validate(batch, at + WalFrame.OFFSET_DELTA, length - WalFrame.OFFSET_DELTA) < 0) {
                    throw new CorruptDatabaseException(path, frame, "delta frame of page " + pageId
                            + " with a valid checksum holds a malformed delta");
                }
            }
            pending.add(pageId, position, length, base);
            position += length;
            frame++;
            if (commitSize > 0) {
                for (int k = 0; k < pending.count; k++) {
                    int id = pending.ids[k];
                    if (id >= commitSize) {
                        throw new CorruptDatabaseException(path, pendingStart + k, "frame holds page "
                                + id + " beyond its commit's database size of " + commitSize + " pages");
                    }
                    index.add(id, pendingStart + k, pending.offsets[k], pending.lengths[k],
                            depthOf(index, path, id, pendingStart + k, pending.bases[k]));
                }
                pending.count = 0;
                committed = frame;
                committedChain = running;
                lastCommitSize = commitSize;
                lastCommitSequence = sequence;
                lastCommitDigest = WalFrame.digest(batch, at);
                pendingStart = frame;
            }
        }
        if (judgeBreak && (stop == Stop.SALT_MISMATCH || stop == Stop.CHECKSUM_MISMATCH)) {
            Break broken = new Break(frame, position, stop, anyValid, lastEpoch, lastCommitSequence);
            broken.judge(window, salt, path, crc);
        }
        int ignored = Math.max(0, frame - committed);
        return new Result(committed, committedChain, lastCommitSize, lastCommitSequence, lastCommitDigest, ignored,
                frame, stop, syncedClaim);
    }

    /**
     * Where the valid prefix broke: frame {@code frame} at byte {@code offset}, for reason {@code why};
     * the last valid frame's epoch ({@code anyValid} false when the prefix is empty) and the last
     * replayed commit's sequence.
     */
    private record Break(int frame, long offset, Stop why, boolean anyValid, int lastEpoch, long lastCommitSequence) {

        /** Throws when a frame at or after the break proves it lies in frames a sync had made durable. */
        void judge(WalWindow window, long salt, String path, CRC32 crc) throws IOException {
            for (long at = offset; at + WalFrame.ENCODED_HEADER_SIZE <= window.size(); at += WalFrame.ALIGNMENT) {
                int i = window.at(at, WalFrame.ENCODED_HEADER_SIZE);
                byte[] bytes = window.buffer();
                if (WalFrame.salt(bytes, i) != salt || !WalFrame.hasValidShape(bytes, i, false)
                        || Integer.toUnsignedLong(WalFrame.syncedFrames(bytes, i)) <= frame
                        || WalFrame.commitSequence(bytes, i) <= lastCommitSequence
                        || anyValid && Integer.compareUnsigned(WalFrame.epoch(bytes, i), lastEpoch) < 0) {
                    continue;
                }
                int length = WalFrame.length(bytes, i);
                if (at + length > window.size()) {
                    continue;
                }
                i = window.at(at, length);
                bytes = window.buffer();
                if (WalFrame.verifiesAlone(bytes, i, crc)) {
                    throw new CorruptDatabaseException(path, frame, "WAL damaged: frame " + frame + " at byte "
                            + offset + " breaks the chain (" + why.describe() + "), yet the frame at byte " + at
                            + " (commit " + WalFrame.commitSequence(bytes, i) + "), valid on its own, was written"
                            + " after a sync had made the first " + Integer.toUnsignedLong(WalFrame.syncedFrames(bytes, i))
                            + " frames durable: damage to synced frames, not a torn tail");
                }
            }
        }
    }

    /**
     * The depth of frame {@code frame} of page {@code pageId}: 0 for a full frame ({@code base} -1);
     * for a delta, one more than its base's, once the base is checked to be the page's newest frame
     * before it (see {@link WalFrame}).
     *
     * @throws CorruptDatabaseException when a delta names any other base
     */
    private static int depthOf(WalIndex index, String path, int pageId, int frame, int base)
            throws CorruptDatabaseException {
        if (base < 0) {
            return 0;
        }
        int newest = index.newest(pageId, frame);
        if (base != newest) {
            throw new CorruptDatabaseException(path, frame, "delta frame of page " + pageId + " names frame " + base
                    + " as its base, but the page's newest frame before it is "
                    + (newest < 0 ? "none" : "frame " + newest));
        }
        return index.depth(base) + 1;
    }

    /** The frames of the commit being read, not yet known to be complete. */
    private static final class Pending {
        int[] ids = new int[16];
        long[] offsets = new long[16];
        int[] lengths = new int[16];
        int[] bases = new int[16];
        int count;

        void add(int pageId, long offset, int length, int base) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
                bases = Arrays.copyOf(bases, count * 2);
            }
            ids[count] = pageId;
            offsets[count] = offset;
            lengths[count] = length;
            bases[count] = base;
            count++;
        }
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
