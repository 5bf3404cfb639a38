package dev.crashbench.engine.wal;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The WAL file header, in the first {@link #REGION_SIZE} bytes of the WAL. Frames start after the
 * whole region, so a torn frame write can never damage the header's sector.
 *
 * <table>
 *   <caption>WAL header (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>8</td><td>magic {@code "CBENCHWL"}</td></tr>
 *   <tr><td>8</td><td>4</td><td>format version ({@link #FORMAT_VERSION})</td></tr>
 *   <tr><td>12</td><td>4</td><td>page size (4096)</td></tr>
 *   <tr><td>16</td><td>8</td><td>salt: every frame of this generation repeats it</td></tr>
 *   <tr><td>24</td><td>8</td><td>checkpoint sequence of the checkpoint that started this generation</td></tr>
 *   <tr><td>32</td><td>8</td><td>page digest ({@link dev.crashbench.engine.pager.PageDigest}) of the
 *       database file when this generation started: the committed state while no frame follows</td></tr>
 *   <tr><td>40</td><td>4</td><td>CRC32C of bytes 0..39</td></tr>
 *   <tr><td>44</td><td>4</td><td>zero. Only the unsafe {@code unsafe_wal_header_end_offset} mutation
 *       writes here: the log's logical end in frames, rewritten by every commit, outside the checksum,
 *       and trusted by that mutation's recovery; the healthy engine never writes or reads it</td></tr>
 *   <tr><td>48</td><td>4048</td><td>zero</td></tr>
 * </table>
 *
 * <p>Why a salt: the WAL file is reused after every checkpoint, so old frames stay in it. A reset
 * writes a new salt; a frame whose salt differs belongs to an earlier generation and is never
 * replayed, even if its own checksum is perfect.
 *
 * <p>Why the header can be thrown away when it is invalid: it is written only when the WAL is
 * created or reset, and both are synced before any frame is written under it, and a reset happens
 * only after every frame was copied home and the database file synced. A header that fails its
 * checksum therefore covers no commit the database file lacks. When the frames after such a header hold synced
 * commits the database file lacks, the header was damaged, not torn, and recovery refuses the WAL
 * ({@link WalScan#checkUnusableHeader}).
 */
public record WalHeader(long salt, long checkpointSequence, long pageDigest) {
    public static final int REGION_SIZE = Page.SIZE;
    /**
     * 2: frame checksums are CRC-32, not CRC32C (see {@link WalFrame}). 3: the header and every
     * commit's last frame carry the page digest. 4: frames have a kind and a length; delta frames
     * (see {@link WalFrame}). 5: every frame has a checksum of its own beside the chain and the count
     * of frames synced when it was written, and a clean close appends a close frame, so recovery tells
     * damage from a torn tail (see {@link WalFrame}).
     */
    public static final int FORMAT_VERSION = 5;
    public static final byte[] MAGIC = "CBENCHWL".getBytes(StandardCharsets.US_ASCII);

    public static final int OFFSET_MAGIC = 0;
    public static final int OFFSET_VERSION = 8;
    public static final int OFFSET_PAGE_SIZE = 12;
    public static final int OFFSET_SALT = 16;
    public static final int OFFSET_CHECKPOINT_SEQUENCE = 24;
    public static final int OFFSET_PAGE_DIGEST = 32;
    public static final int OFFSET_CHECKSUM = 40;
    /** Bytes that carry meaning; the rest of the region is zero. */
    public static final int ENCODED_SIZE = 44;
    /** Mutation {@code unsafe_wal_header_end_offset} only: the log's end in frames (see the table). */
    public static final int OFFSET_END_FRAMES = 44;
    public static final int END_FRAMES_SIZE = 4;

    /** Writes this header into {@code dst} (cleared first), {@link #ENCODED_SIZE} bytes at position 0. */
    public void encode(ByteBuffer dst) {
        dst.clear().order(ByteOrder.LITTLE_ENDIAN);
        dst.put(MAGIC)
                .putInt(FORMAT_VERSION)
                .putInt(Page.SIZE)
                .putLong(salt)
                .putLong(checkpointSequence)
                .putLong(pageDigest);
        CRC32C crc = new CRC32C();
        crc.update(dst.array(), dst.arrayOffset(), OFFSET_CHECKSUM);
        dst.putInt((int) crc.getValue());
        dst.flip();
    }

    /**
     * Decodes a header; returns null when the bytes are not a header this engine wrote (bad magic
     * or checksum: the reasons a header may legitimately be unusable, see the class comment).
     * A header that is intact but from another format version or page size is a hard error: the
     * WAL may hold commits this engine cannot read.
     */
    public static WalHeader decode(byte[] bytes, String file) throws CorruptDatabaseException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, OFFSET_CHECKSUM);
        if (in.getInt(OFFSET_CHECKSUM) != (int) crc.getValue()) {
            if (isIntactVersion2(bytes)) {
                // Its commits may not be home yet: refusing is safer than starting over.
                throw new CorruptDatabaseException(file, CorruptDatabaseException.NO_PAGE,
                        "WAL format version 2, this engine reads " + FORMAT_VERSION);
            }
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[OFFSET_MAGIC + i] != MAGIC[i]) {
                return null;
            }
        }
        int version = in.getInt(OFFSET_VERSION);
        if (version != FORMAT_VERSION) {
            throw new CorruptDatabaseException(file, CorruptDatabaseException.NO_PAGE,
                    "WAL format version " + version + ", this engine reads " + FORMAT_VERSION);
        }
        int pageSize = in.getInt(OFFSET_PAGE_SIZE);
        if (pageSize != Page.SIZE) {
            throw new CorruptDatabaseException(file, CorruptDatabaseException.NO_PAGE,
                    "WAL page size " + pageSize + ", this engine uses " + Page.SIZE);
        }
        return new WalHeader(in.getLong(OFFSET_SALT), in.getLong(OFFSET_CHECKPOINT_SEQUENCE),
                in.getLong(OFFSET_PAGE_DIGEST));
    }

    /** Whether the bytes are an intact header of format 2, whose checksum sat at offset 32. */
    private static boolean isIntactVersion2(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, OFFSET_PAGE_DIGEST);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return Arrays.equals(bytes, OFFSET_MAGIC, OFFSET_MAGIC + MAGIC.length, MAGIC, 0, MAGIC.length)
                && in.getInt(OFFSET_VERSION) == 2 && in.getInt(OFFSET_PAGE_DIGEST) == (int) crc.getValue();
    }

    /** The salt of the generation after this one: a pure function of the old salt and sequence. */
    public static long nextSalt(long salt, long checkpointSequence) {
        long z = salt + 0x9E3779B97F4A7C15L * (checkpointSequence + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
