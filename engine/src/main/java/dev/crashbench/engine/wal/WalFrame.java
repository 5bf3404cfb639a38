package dev.crashbench.engine.wal;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import java.util.zip.CRC32;

/**
 * The layout of one WAL frame: a {@link #HEADER_SIZE}-byte frame header block followed by a full
 * page image. Frame {@code i} of a generation starts at {@code WalHeader.REGION_SIZE + i * SIZE}.
 *
 * <p>Why the header block is a whole 512-byte sector: every frame, and so every commit's single
 * write, then starts and ends on a sector boundary. A disk without power-safe overwrite may
 * garble a whole sector when a write to part of it is torn; were a commit to share a sector with
 * the previous one, tearing the new commit could destroy the tail of an acknowledged one.
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
 *   <tr><td>28</td><td>4</td><td>chained CRC-32 (the zlib polynomial, not CRC32C): over the previous
 *       frame's checksum (for frame 0, the salt folded to 32 bits), bytes 0..27 of this header,
 *       bytes 32..39, then the page image</td></tr>
 *   <tr><td>32</td><td>8</td><td>page digest ({@link dev.crashbench.engine.pager.PageDigest}) of the
 *       database after the transaction, on its last frame; 0 on every other frame</td></tr>
 *   <tr><td>40</td><td>472</td><td>zero (sector padding, not checksummed)</td></tr>
 *   <tr><td>512</td><td>4096</td><td>page image</td></tr>
 * </table>
 *
 * <p>Why chained: a frame is valid only if every frame before it in this generation is the one that
 * was written before it. A torn frame, a frame left over from an interrupted earlier transaction,
 * or frames of a later commit that reached the disk while an earlier one did not (possible without
 * a sync between them), all break the chain, and recovery stops at the last commit marker before
 * the break.
 *
 * <p>Why CRC-32 and not CRC32C, like the pages: a page ends in its own CRC32C, and CRCs are
 * linear, so a CRC32C running over a page followed by that page's CRC32C ends in the same state
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
 * as its epoch one more than the highest epoch of any frame slot in the file (whatever its salt,
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
    /** Bytes of the header that carry meaning; the rest is sector padding. */
    public static final int ENCODED_HEADER_SIZE = 40;
    public static final int OFFSET_IMAGE = HEADER_SIZE;

    private WalFrame() {
    }

    /** Byte offset of frame {@code index} in the WAL file. */
    public static long offset(int index) {
        return WalHeader.REGION_SIZE + (long) index * SIZE;
    }

    /** How many complete frame slots a WAL file of {@code fileSize} bytes holds. */
    public static long slotsIn(long fileSize) {
        return Math.max(0, (fileSize - WalHeader.REGION_SIZE) / SIZE);
    }

    /** The chain seed of frame 0: the salt folded to 32 bits. */
    public static int chainSeed(long salt) {
        return (int) (salt ^ (salt >>> 32));
    }

    /**
     * Fills the frame header at {@code at} of {@code buf} (whose page image must already be in place
     * at {@code at + HEADER_SIZE}) and returns its checksum, the chain value for the next frame.
     * {@code digest} is the commit's page digest on its last frame ({@code commitSize > 0}), else 0.
     */
    public static int seal(byte[] buf, int at, int pageId, int commitSize, long salt, long commitSequence,
                           int epoch, long digest, int previousChecksum, CRC32 crc) {
        return seal(buf, at, buf, at + OFFSET_IMAGE, pageId, commitSize, salt, commitSequence, epoch, digest,
                previousChecksum, crc);
    }

    /**
     * {@link #seal(byte[], int, int, int, long, long, int, long, int, CRC32)} for a frame whose header
     * block is at {@code at} of {@code buf} and whose page image is at {@code imageAt} of
     * {@code image}, wherever that is: the WAL copies each page once, straight into its write
     * buffer, after sealing the header against the image where it lies.
     */
    public static int seal(byte[] buf, int at, byte[] image, int imageAt, int pageId, int commitSize, long salt,
                           long commitSequence, int epoch, long digest, int previousChecksum, CRC32 crc) {
        PageBytes.putInt(buf, at + OFFSET_PAGE_ID, pageId);
        PageBytes.putInt(buf, at + OFFSET_COMMIT_SIZE, commitSize);
        PageBytes.putLong(buf, at + OFFSET_SALT, salt);
        PageBytes.putLong(buf, at + OFFSET_COMMIT_SEQUENCE, commitSequence);
        PageBytes.putInt(buf, at + OFFSET_EPOCH, epoch);
        PageBytes.putLong(buf, at + OFFSET_DIGEST, digest);
        int checksum = checksum(buf, at, image, imageAt, previousChecksum, crc);
        PageBytes.putInt(buf, at + OFFSET_CHECKSUM, checksum);
        return checksum;
    }

    /** The chained checksum a frame at {@code at} of {@code buf} should carry. */
    public static int checksum(byte[] buf, int at, int previousChecksum, CRC32 crc) {
        return checksum(buf, at, buf, at + OFFSET_IMAGE, previousChecksum, crc);
    }

    /** The chained checksum of a frame whose header block is at {@code at} of {@code buf} and image at {@code imageAt} of {@code image}. */
    public static int checksum(byte[] buf, int at, byte[] image, int imageAt, int previousChecksum, CRC32 crc) {
        crc.reset();
        crc.update(previousChecksum);
        crc.update(previousChecksum >>> 8);
        crc.update(previousChecksum >>> 16);
        crc.update(previousChecksum >>> 24);
        crc.update(buf, at, OFFSET_CHECKSUM);
        crc.update(buf, at + OFFSET_DIGEST, ENCODED_HEADER_SIZE - OFFSET_DIGEST);
        crc.update(image, imageAt, Page.SIZE);
        return (int) crc.getValue();
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

    public static int storedChecksum(byte[] buf, int at) {
        return PageBytes.getInt(buf, at + OFFSET_CHECKSUM);
    }
}
