package dev.crashbench.engine.wal;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import java.util.zip.CRC32;

/**
 * The layout of one WAL frame: a frame header followed by its body, either a full page image
 * ({@link #KIND_FULL}: a {@link #HEADER_SIZE}-byte header block, then the image, {@link #SIZE}
 * bytes in all) or a delta ({@link #KIND_DELTA}: the changed byte ranges of the page against a
 * base image, see {@link DeltaCodec}, right after the header fields, padded with zeros to whole
 * {@link #ALIGNMENT}-byte sectors). Frames follow each other without gaps from
 * {@code WalHeader.REGION_SIZE}; each frame's length is in its header. In a WAL of full frames
 * only, frame {@code i} starts at {@link #offset}{@code (i)}.
 *
 * <p>Why every frame is a whole number of 512-byte sectors: every frame, and so every commit's
 * single write, then starts and ends on a sector boundary. A disk without power-safe overwrite may
 * garble a whole sector when a write to part of it is torn; were a commit to share a sector with
 * the previous one, tearing the new commit could destroy the tail of an acknowledged one. A delta
 * is padded for the same reason, however few bytes it carries.
 *
 * <table>
 *   <caption>WAL frame header (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>4</td><td>page id</td></tr>
 *   <tr><td>4</td><td>4</td><td>commit marker: the database size in pages after the transaction, on the
 *       transaction's last frame; 0 on every other frame</td></tr>
 *   <tr><td>8</td><td>8</td><td>salt, equal to the WAL header's</td></tr>
 *   <tr><td>16</td><td>8</td><td>commit sequence of the transaction that wrote the frame</td></tr>
 *   <tr><td>24</td><td>4</td><td>append epoch of the opening of the WAL that wrote the frame (see below)</td></tr>
 *   <tr><td>28</td><td>4</td><td>chained checksum: a CRC-32 (the zlib polynomial, not CRC32C) over the
 *       previous frame's chained checksum (for frame 0, the salt folded to 32 bits) and this frame's
 *       frame checksum (bytes 56..59), each four bytes little-endian</td></tr>
 *   <tr><td>32</td><td>8</td><td>page digest ({@link dev.crashbench.engine.pager.PageDigest}) of the
 *       database after the transaction, on its last frame; 0 on every other frame</td></tr>
 *   <tr><td>40</td><td>1</td><td>kind: {@link #KIND_FULL} (0), {@link #KIND_DELTA} (1) or
 *       {@link #KIND_CLOSE} (2); other values are reserved for later formats</td></tr>
 *   <tr><td>41</td><td>3</td><td>zero (reserved flags)</td></tr>
 *   <tr><td>44</td><td>4</td><td>length of the frame in bytes: {@link #SIZE} for a full frame, a
 *       multiple of 512 no larger than {@link DeltaCodec#MAX_FRAME_BYTES} for a delta,
 *       {@link #HEADER_SIZE} for a close frame</td></tr>
 *   <tr><td>48</td><td>4</td><td>delta only: the base, the index in this generation of the page's
 *       newest frame before this one, whose image the delta applies to; 0 for other kinds</td></tr>
 *   <tr><td>52</td><td>4</td><td>delta only: the checksum trailer ({@link Page}) of the base image;
 *       0 for other kinds</td></tr>
 *   <tr><td>56</td><td>4</td><td>frame checksum: a CRC-32 over bytes 0..27, 32..55 and 60..63 of this
 *       header and the body (a full frame's page image; a delta frame's bytes 64 to its length,
 *       padding included; nothing for a close frame): the frame's own integrity, without the chain</td></tr>
 *   <tr><td>60</td><td>4</td><td>synced frames: how many frames of this generation, from frame 0, a
 *       returned WAL sync had made durable when this frame was written (unsigned)</td></tr>
 *   <tr><td>64</td><td>448</td><td>full frame: zero (sector padding); delta frame: the delta
 *       ({@link DeltaCodec}), then zeros to the frame's length</td></tr>
 *   <tr><td>512</td><td>4096</td><td>full frame: page image</td></tr>
 * </table>
 *
 * <p>Why chained: a frame is valid only if every frame before it in this generation is the one that
 * was written before it. A torn frame, a frame left over from an interrupted earlier transaction,
 * or frames of a later commit that reached the disk while an earlier one did not (possible without
 * a sync between them), all break the chain, and recovery stops at the last commit marker before
 * the break. A torn delta is never applied: its checksum fails like any torn frame's.
 *
 * <p>Why a frame checksum beside the chain, and a synced count: a crash can only lose or tear what
 * no returned sync covered, so the end of a WAL after a crash is a torn tail, but a break in the
 * middle of frames a sync had covered is damage. The chain alone cannot tell the two apart: past a
 * break no frame can be verified against its predecessor. A frame's own checksum verifies it
 * alone, and its synced count says how far the WAL was durable when it was written; a valid frame
 * of this generation past a break whose synced count reaches beyond the break proves the broken
 * frame had been synced before, and recovery reports corruption instead of truncating
 * ({@link WalScan}). Frames written with no sync covering the break (durability NORMAL or OFF, a
 * group commit's commits in flight, a commit torn with the next already on disk) count no further
 * than the break, and the tail is truncated as a crash leaves it.
 *
 * <p>Why a close frame ({@link #KIND_CLOSE}): nothing written before the last commit's sync returned
 * can vouch for that commit, so damage to the last commit looks like a torn one. A clean close
 * appends, unsynced, a close frame continuing the chain with the synced count of the whole WAL:
 * recovery ignores it, but when it is found past a break, the last commit is known to have been
 * synced, and damaged. A crash before the close leaves the last commit unprotected, as a WAL
 * truncated at its end is: both look like what a crash leaves, and are accepted as one. The close
 * also writes a copy of the close frame, its witness, {@code Wal.CLOSE_WITNESS_DISTANCE} (one full
 * frame, 4,608) bytes past the sector boundary at or after the close frame: delta frames are 512
 * bytes, so one damaged 4 KiB block could cover the last commits and the close frame together, and
 * no single damage of up to 4,608 bytes reaches both them and the witness. Recovery needs nothing
 * new for it: past a break it looks at every sector boundary for such a frame ({@link WalScan}),
 * and the witness is one. The bytes between the close frame and its witness are whatever the file
 * held there: preallocated zeros, or frames of older generations or older openings, which vouch for
 * no break (another salt, an older epoch, or a synced count that does not reach past it).
 *
 * <p>Why a delta names its base, by frame and by the base image's checksum: a delta is only
 * meaningful over the image it was computed against. Recovery checks that the named frame is the
 * page's newest frame before the delta ({@link WalScan}), and every rebuild checks that the image
 * it applies the delta to carries the named checksum and that the result verifies
 * ({@link dev.crashbench.engine.pager.Pager}). The first frame of a page in a WAL generation is
 * always a full image, so a base never lies in the database file, which checkpoints overwrite,
 * nor in a generation a reset retired.
 *
 * <p>Why CRC-32 and not CRC32C, like the pages, for the frame checksum: a page ends in its own
 * CRC32C, and CRCs are linear, so a CRC32C running over a page followed by that page's CRC32C ends in the same state
 * whatever the page holds. A CRC32C frame checksum (format 1) was blind to its page: the crash
 * explorer found a torn frame (new header sector, old page sectors left by a frame of an earlier
 * generation for the same page) that passed the chain and replayed the old page. Leaving the
 * trailer out is no cure: a tear that changes only the trailer's sector, where the page is zero,
 * would then pass. A different polynomial does not cancel against the page's CRC.
 *
 * <p>Why an epoch: after recovery, new frames overwrite the ignored ones that follow the valid
 * prefix, continuing the same chain. Were the first new frame byte for byte the frame it replaces
 * (a torn transaction committed again exactly, as a retry does), frames of a later commit that the
 * recovery discarded would chain again and replay at the next open. Each opening of the WAL takes
 * as its epoch one more than the highest epoch of any frame header in the file (whatever its salt,
 * since a later reset may reuse an old salt), so its first frame differs from the one it overwrites, and from the first
 * frame of any earlier opening that wrote there, in four bytes (which a CRC never misses): no frame
 * left behind by an earlier opening can chain to the new ones.
 */
public final class WalFrame {
    public static final int HEADER_SIZE = 512;
    /** The sector size frames are aligned to; a disk model's sectors must divide it. */
    public static final int ALIGNMENT = 512;
    public static final int SIZE = HEADER_SIZE + Page.SIZE;

    public static final int OFFSET_PAGE_ID = 0;
    public static final int OFFSET_COMMIT_SIZE = 4;
    public static final int OFFSET_SALT = 8;
    public static final int OFFSET_COMMIT_SEQUENCE = 16;
    public static final int OFFSET_EPOCH = 24;
    public static final int OFFSET_CHECKSUM = 28;
    public static final int OFFSET_DIGEST = 32;
    public static final int OFFSET_KIND = 40;
    public static final int OFFSET_FLAGS = 41;
    public static final int OFFSET_LENGTH = 44;
    public static final int OFFSET_BASE_FRAME = 48;
    public static final int OFFSET_BASE_CHECKSUM = 52;
    public static final int OFFSET_FRAME_CHECKSUM = 56;
    public static final int OFFSET_SYNCED_FRAMES = 60;
    /** Bytes of the header that carry meaning; after them a full frame has sector padding, a delta frame its delta. */
    public static final int ENCODED_HEADER_SIZE = 64;
    /** Where a delta frame's delta ({@link DeltaCodec}) starts. */
    public static final int OFFSET_DELTA = ENCODED_HEADER_SIZE;
    public static final int OFFSET_IMAGE = HEADER_SIZE;

    /** A frame holding a whole page image. */
    public static final byte KIND_FULL = 0;
    /** A frame holding the changed byte ranges of a page against the image of an earlier frame. */
    public static final byte KIND_DELTA = 1;
    /** A header block alone, written by a clean close after the last commit: see the class comment. */
    public static final byte KIND_CLOSE = 2;

    private WalFrame() {
    }

    /**
     * Byte offset of frame {@code index} in a WAL whose frames before it are all full frames (every
     * WAL of an engine without delta frames); also the file size that holds {@code index} full frames.
     */
    public static long offset(int index) {
        return WalHeader.REGION_SIZE + (long) index * SIZE;
    }

    /** How many full frames a WAL file of {@code fileSize} bytes has room for. */
    public static long slotsIn(long fileSize) {
        return Math.max(0, (fileSize - WalHeader.REGION_SIZE) / SIZE);
    }

    /** The chain seed of frame 0: the salt folded to 32 bits. */
    public static int chainSeed(long salt) {
        return (int) (salt ^ (salt >>> 32));
    }

    /**
     * Fills the header of a full frame at {@code at} of {@code buf} (whose page image must already be
     * in place at {@code at + HEADER_SIZE}, and whose padding must be zero) with a synced count of 0
     * and returns its chained checksum, the chain value for the next frame. {@code digest} is the
     * commit's page digest on its last frame ({@code commitSize > 0}), else 0.
     */
    public static int seal(byte[] buf, int at, int pageId, int commitSize, long salt, long commitSequence,
                           int epoch, long digest, int previousChecksum, CRC32 crc) {
        return seal(buf, at, buf, at + OFFSET_IMAGE, pageId, commitSize, salt, commitSequence, epoch, digest, 0,
                previousChecksum, crc);
    }

    /**
     * {@link #seal(byte[], int, int, int, long, long, int, long, int, CRC32)} for a full frame whose
     * header block is at {@code at} of {@code buf} and whose page image is at {@code imageAt} of
     * {@code image}, wherever that is (the WAL copies each page once, straight into its write
     * buffer, after sealing the header against the image where it lies), written when the first
     * {@code syncedFrames} frames of the generation were known durable.
     */
    public static int seal(byte[] buf, int at, byte[] image, int imageAt, int pageId, int commitSize, long salt,
                           long commitSequence, int epoch, long digest, int syncedFrames, int previousChecksum,
                           CRC32 crc) {
        putHeader(buf, at, pageId, commitSize, salt, commitSequence, epoch, digest, KIND_FULL, SIZE, 0, 0,
                syncedFrames);
        return finish(buf, at, image, imageAt, previousChecksum, crc);
    }

    /**
     * Fills the header of a delta frame of {@code length} bytes at {@code at} of {@code buf} (whose
     * delta must already be in place at {@code at + OFFSET_DELTA}, zeros after it up to
     * {@code length}), applying to the image of frame {@code baseFrame}, whose checksum trailer is
     * {@code baseChecksum}, written when the first {@code syncedFrames} frames of the generation were
     * known durable; returns its chained checksum, the chain value for the next frame.
     */
    public static int sealDelta(byte[] buf, int at, int pageId, int commitSize, long salt, long commitSequence,
                                int epoch, long digest, int baseFrame, int baseChecksum, int length,
                                int syncedFrames, int previousChecksum, CRC32 crc) {
        putHeader(buf, at, pageId, commitSize, salt, commitSequence, epoch, digest, KIND_DELTA, length, baseFrame,
                baseChecksum, syncedFrames);
        return finish(buf, at, buf, at + OFFSET_IMAGE, previousChecksum, crc);
    }

    /**
     * Fills a close frame's header block at {@code at} of {@code buf} (its bytes past the header
     * fields must be zero): after the last commit, of sequence {@code commitSequence}, with
     * {@code syncedFrames} frames of the generation known durable; returns its chained checksum.
     */
    public static int sealClose(byte[] buf, int at, long salt, long commitSequence, int epoch, int syncedFrames,
                                int previousChecksum, CRC32 crc) {
        putHeader(buf, at, 0, 0, salt, commitSequence, epoch, 0L, KIND_CLOSE, HEADER_SIZE, 0, 0, syncedFrames);
        return finish(buf, at, buf, at + OFFSET_IMAGE, previousChecksum, crc);
    }

    private static void putHeader(byte[] buf, int at, int pageId, int commitSize, long salt, long commitSequence,
                                  int epoch, long digest, byte kind, int length, int baseFrame, int baseChecksum,
                                  int syncedFrames) {
        PageBytes.putInt(buf, at + OFFSET_PAGE_ID, pageId);
        PageBytes.putInt(buf, at + OFFSET_COMMIT_SIZE, commitSize);
        PageBytes.putLong(buf, at + OFFSET_SALT, salt);
        PageBytes.putLong(buf, at + OFFSET_COMMIT_SEQUENCE, commitSequence);
        PageBytes.putInt(buf, at + OFFSET_EPOCH, epoch);
        PageBytes.putLong(buf, at + OFFSET_DIGEST, digest);
        PageBytes.putInt(buf, at + OFFSET_KIND, kind & 0xff); // the kind byte and three zero flag bytes
        PageBytes.putInt(buf, at + OFFSET_LENGTH, length);
        PageBytes.putInt(buf, at + OFFSET_BASE_FRAME, baseFrame);
        PageBytes.putInt(buf, at + OFFSET_BASE_CHECKSUM, baseChecksum);
        PageBytes.putInt(buf, at + OFFSET_SYNCED_FRAMES, syncedFrames);
    }

    private static int finish(byte[] buf, int at, byte[] image, int imageAt, int previousChecksum, CRC32 crc) {
        int own = frameChecksum(buf, at, image, imageAt, crc);
        PageBytes.putInt(buf, at + OFFSET_FRAME_CHECKSUM, own);
        int checksum = chain(previousChecksum, own, crc);
        PageBytes.putInt(buf, at + OFFSET_CHECKSUM, checksum);
        return checksum;
    }

    /**
     * The chained checksum a frame at {@code at} of {@code buf} should carry, from its contents (not
     * from the frame checksum it stores). Its kind and length must be ones {@link #hasValidShape}
     * accepts, and the whole frame must be in {@code buf}.
     */
    public static int checksum(byte[] buf, int at, int previousChecksum, CRC32 crc) {
        return chain(previousChecksum, frameChecksum(buf, at, buf, at + OFFSET_IMAGE, crc), crc);
    }

    /** The chained checksum of a frame whose frame checksum is {@code frameChecksum}, after {@code previousChecksum}. */
    public static int chain(int previousChecksum, int frameChecksum, CRC32 crc) {
        crc.reset();
        crc.update(previousChecksum);
        crc.update(previousChecksum >>> 8);
        crc.update(previousChecksum >>> 16);
        crc.update(previousChecksum >>> 24);
        crc.update(frameChecksum);
        crc.update(frameChecksum >>> 8);
        crc.update(frameChecksum >>> 16);
        crc.update(frameChecksum >>> 24);
        return (int) crc.getValue();
    }

    /**
     * The frame checksum of the frame at {@code at} of {@code buf}, whole in {@code buf} and of a
     * shape {@link #hasValidShape} accepts, computed from its contents.
     */
    public static int frameChecksum(byte[] buf, int at, CRC32 crc) {
        return frameChecksum(buf, at, buf, at + OFFSET_IMAGE, crc);
    }

    /**
     * The frame checksum of a frame whose header block is at {@code at} of {@code buf}: a full
     * frame's image is read at {@code imageAt} of {@code image}, wherever it lies; a delta frame's
     * body is read from {@code buf}; a close frame has none.
     */
    public static int frameChecksum(byte[] buf, int at, byte[] image, int imageAt, CRC32 crc) {
        crc.reset();
        crc.update(buf, at, OFFSET_CHECKSUM);
        crc.update(buf, at + OFFSET_DIGEST, OFFSET_FRAME_CHECKSUM - OFFSET_DIGEST);
        crc.update(buf, at + OFFSET_SYNCED_FRAMES, ENCODED_HEADER_SIZE - OFFSET_SYNCED_FRAMES);
        byte kind = kind(buf, at);
        if (kind == KIND_FULL) {
            crc.update(image, imageAt, Page.SIZE);
        } else if (kind == KIND_DELTA) {
            crc.update(buf, at + OFFSET_DELTA, length(buf, at) - OFFSET_DELTA);
        }
        return (int) crc.getValue();
    }

    /** Whether the frame at {@code at} of {@code buf} (whole, of a valid shape) matches the frame checksum it stores. */
    public static boolean verifiesAlone(byte[] buf, int at, CRC32 crc) {
        return storedFrameChecksum(buf, at) == frameChecksum(buf, at, crc);
    }

    /**
     * Whether the header at {@code at} names a kind and length this engine writes: a full frame of
     * {@link #SIZE} bytes, or a delta frame of whole sectors (any length, with {@code unaligned},
     * as mutation {@code unsafe_delta_unaligned} writes them) with room for a delta and no larger
     * than {@link DeltaCodec#MAX_FRAME_BYTES}, or a close frame of one header block. Anything else cannot be checksummed: it is torn or
     * damaged, or never was a frame.
     */
    public static boolean hasValidShape(byte[] buf, int at, boolean unaligned) {
        int length = length(buf, at);
        return switch (kind(buf, at)) {
            case KIND_FULL -> length == SIZE;
            case KIND_DELTA -> length >= OFFSET_DELTA + DeltaCodec.MIN_SIZE && length <= DeltaCodec.MAX_FRAME_BYTES
                    && (unaligned || length % ALIGNMENT == 0);
            case KIND_CLOSE -> length == HEADER_SIZE;
            default -> false;
        };
    }

    /** {@code length} rounded up to whole sectors: the length of a delta frame with that many bytes of content. */
    public static int padded(int length) {
        return (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** The frame's kind byte ({@link #KIND_FULL}, {@link #KIND_DELTA}, {@link #KIND_CLOSE}, or something no frame carries). */
    public static byte kind(byte[] buf, int at) {
        return buf[at + OFFSET_KIND];
    }

    /** The frame's length in bytes, as its header says. */
    public static int length(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_LENGTH);
    }

    /** A delta frame's base: the frame index whose image it applies to. */
    public static int baseFrame(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_BASE_FRAME);
    }

    /** A delta frame's base checksum: the trailer of the image it applies to. */
    public static int baseChecksum(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_BASE_CHECKSUM);
    }

    public static int pageId(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_PAGE_ID);
    }

    public static int commitSize(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_COMMIT_SIZE);
    }

    public static long salt(byte[] buf, int at) {
        return PageBytes.getLong(buf, at + OFFSET_SALT);
    }

    public static long commitSequence(byte[] buf, int at) {
        return PageBytes.getLong(buf, at + OFFSET_COMMIT_SEQUENCE);
    }

    public static int epoch(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_EPOCH);
    }

    /** The page digest a commit's last frame records. */
    public static long digest(byte[] buf, int at) {
        return PageBytes.getLong(buf, at + OFFSET_DIGEST);
    }

    /** The chained checksum the frame stores. */
    public static int storedChecksum(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_CHECKSUM);
    }

    /** The frame checksum the frame stores. */
    public static int storedFrameChecksum(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_FRAME_CHECKSUM);
    }

    /** How many frames of the generation were known durable when this frame was written. */
    public static int syncedFrames(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_SYNCED_FRAMES);
    }
}
