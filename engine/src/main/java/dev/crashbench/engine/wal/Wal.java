package dev.crashbench.engine.wal;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageDigest;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The write-ahead log file: appends commits as runs of frames, replays the valid prefix at open,
 * and starts a new generation (a new salt) after a checkpoint. Formats: {@link WalHeader},
 * {@link WalFrame}.
 *
 * <p>The file is preallocated with zeros to {@code preallocatedFrames} frames and never shrinks
 * while the database is open, so a steady-state commit writes into existing space: on ext4 a write
 * that grows the file makes {@code fdatasync} also commit the new size, about twice the cost of the
 * write itself. A clean close cuts it to its live frames ({@link #shrinkForClose}), and the next
 * opening preallocates again before its first frame.
 *
 * <p>The WAL's name must be durable before anything durable depends on it: a commit acknowledged
 * from a WAL whose directory entry a power cut can still drop is lost with the entry. Whether the
 * file existed when this opening found it says nothing about that: a process that created it may
 * have died (or failed with EIO, as the crash explorer found) before its directory sync, and the
 * name found is then only in the page cache. So, as SQLite's {@code UNIXFILE_DIRSYNC} does for
 * journals, the first sync of every opening also syncs the WAL's directory, whether this opening
 * created the file or not.
 *
 * <p>What an opening reads may be only in the page cache: after a failed sync the kernel keeps
 * serving the dropped pages but marks them clean, so no later sync writes them (fsyncgate); a
 * process that died before its sync leaves the same. An opening therefore never builds on a header
 * or frames it found without making them durable first: recovered frames are copied into a new
 * WAL file that is synced and renamed over this one ({@link #replaceWithCopy}), and a header found
 * with no frame after it is written again and synced before the first frame goes under it
 * ({@link #makeHeaderDurable}). Neither overwrites in place bytes that may be the only durable
 * copy of a commit: a cut tearing such an overwrite could destroy them. The crash explorer found
 * every case this guards against: commits appended under a header the disk never got, pages
 * copied home ahead of frames that were not durable, and both again after a second failure.
 *
 * <p>How a commit's frames reach the file and become durable is a {@link WalWriter}, chosen by
 * the engine's optimizations ({@link WalWriting}): a positional write and {@code fdatasync} (the
 * default), a write through an {@code O_DSYNC} handle, or stores through a mapping and a range
 * sync. Everything else here is the same for all three.
 *
 * <p>Frames have lengths of their own (a delta frame is shorter than a full one, see
 * {@link WalFrame}): the WAL keeps the byte offset where the next one goes, and the
 * {@link WalIndex} where each committed one lies.
 *
 * <p>Gathered writes (group commit, {@link #open} with {@code gatherCommits}): an {@link #append}
 * seals its commit's frames as always but only stages them in memory ({@link GatheredFrames});
 * the next {@link #sync} writes every commit staged since the last one with one write, then syncs.
 * Commits appended while a sync is in flight thus share the next write as well as the next sync,
 * and a lone commit still costs one write and one sync, the same bytes at the same offset as
 * without gathering. The writer builds on staged commits: {@link #readImage} and {@link #readFrame}
 * find their frames in memory until they are written. Without gathering, an append writes its
 * frames at once, as it always did.
 *
 * <p>Not thread-safe: the database calls it under its writer lock, except {@link #readImage} and
 * {@link #readFrame}, which only read and are safe from any thread, and {@link #sync}, which a
 * group commit's leader calls without the writer lock while the next writer may {@link #append}
 * behind the frames the sync must cover (a sync covers every append that returned before it; two
 * syncs write their gathered frames one after the other, in log order).
 */
public final class Wal implements AutoCloseable {
    /** How far a close frame's witness lies past the close frame: see {@link #writeCloseFrame}. */
    public static final int CLOSE_WITNESS_DISTANCE = WalFrame.SIZE;

    private final Vfs vfs;
    /** Replaced only by {@link #replaceWithCopy}. */
    private VfsFile file;
    private final int preallocatedFrames;
    /** Deliberately broken behaviours switched on; empty for a healthy engine. */
    private final Set<UnsafeMutation> mutations;
    private final WalWriting writing;
    private final EngineEvents events;
    /** Stores this file's frames and makes them durable; replaced with the file by {@link #replaceWithCopy}. */
    private WalWriter writer;
    private final CRC32 crc = new CRC32();
    private long salt;
    private long checkpointSequence;
    /** The page digest this generation's header records: the database file's when it started. */
    private long headerDigest;
    private int frameCount;
    /** Where the next frame goes: the byte offset just after the last frame of this generation. */
    private long end = WalHeader.REGION_SIZE;
    /** The plan of {@link #append}s that write full frames only. */
    private final FramePlan fullFrames = new FramePlan();
    /**
     * Whether this opening knows the header is durable: it wrote and synced it. A header found at
     * open may be only in the page cache (its sync failed, or the process that wrote it died).
     */
    private boolean headerDurable;
    private int chain;
    /**
     * Frames of this generation, from frame 0, that a returned sync made durable ({@link #recordDurable});
     * every frame written records it (see {@link WalFrame}). Set by a group commit's leader while the
     * writer appends, hence volatile.
     */
    private volatile int syncedFrames;
    /** The append epoch of every frame this opening writes (see {@link WalFrame}). */
    private int epoch;
    /** Whether this opening has synced the WAL's directory (see the class comment). */
    private boolean nameDurable;
    /** Frame header blocks of the commit being appended; beyond each header's fields, zeros. */
    private byte[] staging = new byte[WalFrame.HEADER_SIZE];
    /** Allocated at the first append: most openings (a recovery that is judged and closed) never append. */
    private ByteBuffer direct;
    /** Mutation WAL_HEADER_END_OFFSET only: the end field written into the header. */
    private ByteBuffer endField;
    /** With gathered writes: commits appended and not yet written (see the class comment); null without. */
    private final GatheredFrames gathered;

    private Wal(Vfs vfs, VfsFile file, int preallocatedFrames, long salt, long checkpointSequence, long headerDigest,
                Set<UnsafeMutation> mutations, WalWriting writing, EngineEvents events, boolean gatherCommits) {
        this.vfs = vfs;
        this.gathered = gatherCommits ? new GatheredFrames() : null;
        this.file = file;
        this.preallocatedFrames = preallocatedFrames;
        this.mutations = mutations;
        this.writing = writing;
        this.events = events;
        this.writer = writing.writerFor(file, preallocatedFrames, mutations, events);
        this.salt = salt;
        this.checkpointSequence = checkpointSequence;
        this.headerDigest = headerDigest;
        this.chain = WalFrame.chainSeed(salt);
    }

    /** Where a new generation's header gets the database file's page digest from; may read the file. */
    @FunctionalInterface
    public interface DigestSource {
        long digest() throws IOException;
    }

    /**
     * What {@link #open} found in an existing WAL.
     *
     * @param digest the page digest of the recovered committed state: the last replayed commit's,
     *               or the header's when no commit is replayed
     */
    public record Recovered(Wal wal, boolean headerValid, int committedFrames, int lastCommitSize,
                            long lastCommitSequence, long digest, int framesIgnored) {
    }

    /**
     * Opens the WAL at {@code path}, creating it (and syncing its directory) when missing, and
     * indexes every frame of the longest valid prefix that ends in a commit marker. Frames after
     * it (a torn or unfinished transaction, frames of an older generation) are left in place and
     * ignored: their chained checksums can never continue the new frames written after the prefix.
     * A new WAL starts at {@code initialCheckpointSequence} (the database header's).
     */
    public static Recovered open(Vfs vfs, String path, int preallocatedFrames, long initialSalt,
                                 long initialCheckpointSequence, WalIndex index) throws IOException {
        return open(vfs, path, preallocatedFrames, initialSalt, initialCheckpointSequence, index, Set.of());
    }

    /** {@link #open(Vfs, String, int, long, long, WalIndex)} with {@code mutations} switched on (unsafe). */
    public static Recovered open(Vfs vfs, String path, int preallocatedFrames, long initialSalt,
                                 long initialCheckpointSequence, WalIndex index, Set<UnsafeMutation> mutations)
            throws IOException {
        return open(vfs, path, preallocatedFrames, initialSalt, initialCheckpointSequence, () -> PageDigest.EMPTY,
                index, mutations);
    }

    /**
     * {@link #open(Vfs, String, int, long, long, WalIndex, Set)} over a database file whose page
     * digest {@code homeDigest} gives; it is asked only when a new generation must start here (no
     * WAL, or one whose header is invalid), and recorded in the new header.
     */
    public static Recovered open(Vfs vfs, String path, int preallocatedFrames, long initialSalt,
                                 long initialCheckpointSequence, DigestSource homeDigest, WalIndex index,
                                 Set<UnsafeMutation> mutations) throws IOException {
        return open(vfs, path, preallocatedFrames, initialSalt, initialCheckpointSequence, homeDigest, index,
                mutations, WalWriting.PWRITE, new EngineEvents(), false);
    }

    /**
     * {@link #open(Vfs, String, int, long, long, DigestSource, WalIndex, Set)} whose commits reach
     * the file as {@code writing} says, counting what they do in {@code events}; with {@code
     * gatherCommits}, appends are staged and written by the next {@link #sync} (see the class comment).
     */
    public static Recovered open(Vfs vfs, String path, int preallocatedFrames, long initialSalt,
                                 long initialCheckpointSequence, DigestSource homeDigest, WalIndex index,
                                 Set<UnsafeMutation> mutations, WalWriting writing, EngineEvents events,
                                 boolean gatherCommits)
            throws IOException {
        EnumSet<UnsafeMutation> copy = EnumSet.noneOf(UnsafeMutation.class);
        copy.addAll(mutations);
        Set<UnsafeMutation> unsafe = Collections.unmodifiableSet(copy);
        boolean existed = vfs.exists(path);
        VfsFile file = vfs.open(path, writing.openOptions(OpenOption.CREATE, unsafe));
        try {
            if (existed) {
                byte[] headerBytes = new byte[WalHeader.ENCODED_SIZE];
                int got = file.read(0, ByteBuffer.wrap(headerBytes));
                WalHeader header = got == headerBytes.length ? WalHeader.decode(headerBytes, path) : null;
                if (header != null) {
                    Wal wal = new Wal(vfs, file, preallocatedFrames, header.salt(), header.checkpointSequence(),
                            header.pageDigest(), unsafe, writing, events, gatherCommits);
                    Recovered recovered = wal.scan(index, path);
                    wal.epoch = nextEpoch(file);
                    return recovered;
                }
            }
            // A missing or invalid header covers no commit (see WalHeader), unless the frames after it
            // say otherwise: then it was damaged. Else start a generation.
            long digest = homeDigest.digest();
            if (existed) {
                WalScan.checkUnusableHeader(file, path, digest);
            }
            long salt = existed ? saltUnlikeFrameZero(file, initialSalt, initialCheckpointSequence) : initialSalt;
            Wal wal = new Wal(vfs, file, preallocatedFrames, salt, initialCheckpointSequence, digest, unsafe, writing,
                    events, gatherCommits);
            wal.epoch = nextEpoch(file);
            // Syncs the header and, being this opening's first sync, the WAL's directory too.
            wal.writeHeaderAndPreallocate(true);
            return new Recovered(wal, false, 0, 0, 0, digest, 0);
        } catch (IOException | RuntimeException e) {
            closeQuietly(file, e);
            throw e;
        }
    }

    /**
     * The epoch for every frame this opening will write: one more than the highest epoch of any
     * frame header in the file, whatever its salt, 0 when there is none. A frame header is looked
     * for at every full-frame slot (where a WAL of full frames has them, written or not) and at
     * every other sector boundary whose bytes have the kind and length of a frame (where delta
     * frames put later frames; a page image that happens to look like one only raises the epoch).
     * Not only frames of the current salt: a later reset in this opening may pick a salt an older
     * generation already used (after a WAL recreated over an invalid header), and its stale frames
     * must not chain to the new ones either (see {@link WalFrame}). Reads the file once.
     */
    private static int nextEpoch(VfsFile file) throws IOException {
        WalWindow window = new WalWindow(file, file.size());
        long highest = -1;
        for (long at = WalHeader.REGION_SIZE; at + WalFrame.ENCODED_HEADER_SIZE <= window.size(); at += WalFrame.ALIGNMENT) {
            boolean slot = (at - WalHeader.REGION_SIZE) % WalFrame.SIZE == 0;
            if (slot && at + WalFrame.SIZE > window.size()) {
                slot = false; // a slot the file does not hold whole
            }
            int i = window.at(at, WalFrame.ENCODED_HEADER_SIZE);
            byte[] bytes = window.buffer();
            if (slot || WalFrame.hasValidShape(bytes, i, false)) {
                highest = Math.max(highest, Integer.toUnsignedLong(WalFrame.epoch(bytes, i)));
            }
        }
        return (int) (highest + 1); // wraps only after 2^32 openings that each left a frame behind
    }

    /**
     * The salt of a generation started over an invalid header. Callers pass the same initial salt at
     * every open, so it may be the salt of the frames this open has just judged dead; were the new
     * header to carry it, the next open would replay them. Any other salt stops a scan at frame 0.
     */
    private static long saltUnlikeFrameZero(VfsFile file, long initialSalt, long checkpointSequence) throws IOException {
        byte[] field = new byte[8];
        if (file.read(WalFrame.offset(0) + WalFrame.OFFSET_SALT, ByteBuffer.wrap(field)) != field.length) {
            return initialSalt;
        }
        long stale = ByteBuffer.wrap(field).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        long salt = initialSalt;
        while (salt == stale) {
            salt = WalHeader.nextSalt(salt, checkpointSequence);
        }
        return salt;
    }

    private Recovered scan(WalIndex index, String path) throws IOException {
        WalScan.Result scan = WalScan.scan(file, salt, path, index, mutations);
        this.frameCount = scan.committedFrames();
        this.end = index.end(WalHeader.REGION_SIZE);
        this.chain = scan.committedChain();
        long digest = scan.committedFrames() > 0 ? scan.lastCommitDigest() : headerDigest;
        return new Recovered(this, true, scan.committedFrames(), scan.lastCommitSize(), scan.lastCommitSequence(),
                digest, scan.framesIgnored());
    }

    /**
     * Appends one transaction as consecutive full frames with a single positional write: see
     * {@link #append(int[], byte[][], int, int, long, long, FramePlan)}.
     */
    public int append(int[] pageIds, byte[][] images, int count, int databaseSize, long commitSequence, long digest)
            throws IOException {
        fullFrames.begin(count);
        return append(pageIds, images, count, databaseSize, commitSequence, digest, fullFrames);
    }

    /**
     * Appends one transaction as consecutive frames with a single positional write: a delta frame
     * for each page {@code plan} allows one and whose delta is small enough ({@link DeltaCodec}), a
     * full frame for every other. The last frame carries the commit marker {@code databaseSize} and
     * {@code digest}, the page digest of the database after the transaction. Returns the index of
     * the first frame; {@code plan} tells where each frame went. Nothing is durable until
     * {@link #sync}; with gathered writes nothing is even written until then. On failure the WAL's
     * end does not move, so the frames are overwritten by the next append and never become part of
     * the chain.
     */
    public int append(int[] pageIds, byte[][] images, int count, int databaseSize, long commitSequence, long digest,
                      FramePlan plan) throws IOException {
        if (count <= 0 || databaseSize <= 0) {
            throw new IllegalArgumentException("a commit needs at least one frame and a database size");
        }
        if (plan.count() != count) {
            throw new IllegalArgumentException("a plan of " + plan.count() + " frames for " + count);
        }
        for (int i = 0; i < count; i++) {
            // Recovery rejects such a frame as corruption; never write one.
            if (pageIds[i] < 0 || pageIds[i] >= databaseSize) {
                throw new IllegalArgumentException("frame " + i + " holds page " + pageIds[i]
                        + " outside a database of " + databaseSize + " pages");
            }
        }
        int capacity = count * WalFrame.SIZE; // no frame is longer than a full one
        // Each frame is built in the staging array one at a time and copied once into the direct
        // buffer the write takes; a full frame's image is copied straight from the page, its header
        // block sealed against the image where it lies.
        if (staging.length < WalFrame.SIZE) {
            staging = new byte[WalFrame.SIZE];
        }
        if (direct == null || direct.capacity() < capacity) {
            direct = ByteBuffer.allocateDirect(Math.max(capacity, direct == null ? 0 : direct.capacity() * 2));
        }
        direct.clear();
        int running = chain;
        int bytes = 0;
        int synced = syncedFrames;
        for (int i = 0; i < count; i++) {
            int marker = i == count - 1 ? databaseSize : 0;
            long frameDigest = i == count - 1 ? digest : 0;
            int length = plan.baseFrame(i) >= 0 ? putDelta(images[i], plan, i, 0) : -1;
            boolean delta = length > 0;
            if (delta) {
                running = WalFrame.sealDelta(staging, 0, pageIds[i], marker, salt, commitSequence, epoch,
                        frameDigest, plan.baseFrame(i), PageDigest.trailer(plan.baseImage(i)), length, synced, running,
                        crc);
                plan.placed(i, end + bytes, length, plan.baseDepth(i) + 1);
            } else {
                length = WalFrame.SIZE;
                // A delta built here for an earlier frame must not linger in the header block's padding.
                Arrays.fill(staging, WalFrame.ENCODED_HEADER_SIZE, WalFrame.HEADER_SIZE, (byte) 0);
                running = WalFrame.seal(staging, 0, images[i], 0, pageIds[i], marker, salt, commitSequence, epoch,
                        frameDigest, synced, running, crc);
                plan.placed(i, end + bytes, length, 0);
            }
            if (mutations.contains(UnsafeMutation.NO_FRAME_CHECKSUM)) {
                // Mutation (the optimization plan's V1 #4): frames carry no checksum, and recovery
                // checks none (see WalScan), so nothing tells a torn or stale frame from a good one.
                PageBytes.putInt(staging, WalFrame.OFFSET_CHECKSUM, 0);
                PageBytes.putInt(staging, WalFrame.OFFSET_FRAME_CHECKSUM, 0);
            }
            if (delta) {
                direct.put(staging, 0, length);
            } else {
                direct.put(staging, 0, WalFrame.HEADER_SIZE).put(images[i], 0, Page.SIZE);
            }
            bytes += length;
        }
        direct.flip();
        int first = frameCount;
        if (gathered != null) {
            gathered.stage(end, direct, count); // written, with the commits staged beside it, by the next sync
        } else {
            writer.store(end, direct, count);
        }
        if (mutations.contains(UnsafeMutation.WAL_HEADER_END_OFFSET)) {
            // Mutation (the optimization plan's V1 #10): the header records the log's new end, to be
            // made durable by the same sync as the frames, in whatever order the disk picks; a cut
            // can keep the end and lose (or tear) the frames it vouches for, and recovery trusts it.
            writeEndField(first + count);
        }
        frameCount += count;
        end += bytes;
        chain = running;
        return first;
    }

    /**
     * Writes the delta of frame {@code i} of {@code plan}, from its base image to {@code image},
     * after the frame header at {@code at} of the staging buffer, zeros to the frame's end, and
     * returns the frame's length; -1, leaving the frame to be full, when the delta is too large.
     */
    private int putDelta(byte[] image, FramePlan plan, int i, int at) {
        int size = DeltaCodec.encode(plan.baseImage(i), image, staging, at + WalFrame.OFFSET_DELTA, DeltaCodec.MAX_SIZE);
        if (size < 0) {
            return -1;
        }
        int content = WalFrame.OFFSET_DELTA + size;
        if (mutations.contains(UnsafeMutation.DELTA_UNALIGNED)) {
            // Mutation: the frame ends where its delta does, so the next frame, and the next
            // commit's single write, start inside this frame's last sector. On a disk without
            // power-safe overwrite a torn write of that commit can garble the whole sector, and
            // with it the end of this acknowledged one.
            return content;
        }
        int length = WalFrame.padded(content);
        Arrays.fill(staging, at + content, at + length, (byte) 0);
        return length;
    }

    /**
     * Makes every appended frame durable, as the {@link WalWriter} does it ({@code fdatasync} by
     * default, nothing more to do after O_DSYNC writes, an msync of the stored range for the mapping).
     * With gathered writes, first writes every commit staged since the last sync, with one write.
     */
    public void sync() throws IOException {
        if (gathered != null && writeGathered() && mutations.contains(UnsafeMutation.GROUP_WRITE_ACK_BEFORE_SYNC)) {
            // Mutation: a sync that wrote gathered frames returns once the write does, leaving the
            // sync to the next call; the group commit round acknowledges its commits with their
            // frames only in the page cache, and a cut before the next sync loses them.
            return;
        }
        if (mutations.contains(UnsafeMutation.SYNC_IS_NOOP)) {
            // Mutation: the frames stay in the page cache; a power cut loses acknowledged commits.
            return;
        }
        writer.sync();
        syncNameOnce();
    }

    /**
     * Writes the commits staged since the last sync with one write (before the sync that makes
     * them durable: see {@link #sync}). Returns whether anything was staged.
     */
    private boolean writeGathered() throws IOException {
        int commits = gathered.flush(writer);
        if (commits > 1) {
            events.count(EngineEvent.GROUPED_WRITE);
        }
        return commits > 0;
    }

    /**
     * Records that a sync which returned covered the first {@code frames} frames of this generation:
     * every frame written from now on says so (see {@link WalFrame}). Called right after
     * {@link #sync}, with the frames appended before it started.
     */
    public void recordDurable(int frames) {
        syncedFrames = frames;
    }

    /**
     * For a clean close: appends after the last frame, unsynced, a close frame carrying the synced
     * count and {@code commitSequence}, the last appended commit's, so that damage to the last
     * commit is not taken for a torn tail (see {@link WalFrame}), and a second copy of it, the
     * <em>witness</em>, {@link #CLOSE_WITNESS_DISTANCE} bytes further on. Nothing is written when
     * no frame of this generation is known durable, which the frame would not vouch for. Neither
     * frame is part of the WAL's state: {@link #end} does not move. Evidence only, so neither is
     * synced here: a cut before they reach the disk leaves the WAL as a crash after the last
     * commit would. Returns the byte offset just past what it wrote ({@link #end} when nothing).
     *
     * <p>Why a witness: delta frames are 512 bytes, so one damaged device block (4 KiB) can cover
     * the last commits' frames and the close frame right after them, and nothing past the break
     * would then say a sync had covered it. No single damage of up to a full frame's
     * {@link WalFrame#SIZE} bytes reaches both a frame of the last commit and the witness, and
     * recovery's look past a break ({@link WalScan}) finds it at any sector boundary.
     */
    public long writeCloseFrame(long commitSequence) throws IOException {
        int synced = syncedFrames;
        if (frameCount == 0 || synced == 0 || (gathered != null && gathered.pending())) {
            // With commits still gathered in memory (never written, never acknowledged: see
            // Database.close) the frame would sit past a gap in the WAL: vouch for nothing.
            return end;
        }
        byte[] block = new byte[WalFrame.HEADER_SIZE];
        WalFrame.sealClose(block, 0, salt, commitSequence, epoch, synced, chain, crc);
        file.writeFully(end, ByteBuffer.wrap(block));
        long witness = witnessOffset(end);
        file.writeFully(witness, ByteBuffer.wrap(block));
        return witness + WalFrame.HEADER_SIZE;
    }

    /**
     * Where the witness of a close frame written at {@code end} goes: {@link #CLOSE_WITNESS_DISTANCE}
     * bytes past the sector boundary at or after {@code end} (which is one already, unless
     * {@link UnsafeMutation#DELTA_UNALIGNED} wrote the frames), so that recovery, which looks for
     * frames past a break at sector boundaries, finds it.
     */
    public static long witnessOffset(long end) {
        long aligned = (end + WalFrame.ALIGNMENT - 1) / WalFrame.ALIGNMENT * WalFrame.ALIGNMENT;
        return aligned + CLOSE_WITNESS_DISTANCE;
    }

    /**
     * For a clean close, after {@link #writeCloseFrame} returned {@code used}: cuts the file to
     * {@code used} bytes (never below the header region), dropping the preallocated slots and the
     * stale frames of older generations past it, and syncs it, so a cleanly closed database keeps
     * no WAL larger than its live frames. The next opening preallocates again before it writes
     * ({@link #makeHeaderDurable}, or the reset after a recovery). Not for durability OFF, which
     * never syncs: it keeps its file as it is. Only over a header this opening made durable and
     * frames a returned sync covered (always at FULL durability; at NORMAL, once a checkpoint synced
     * them): the file on disk is then exactly that header and those frames below the cut. Else the
     * file is kept as it is, as before: the sync here must not be the first to cover an acknowledged
     * commit's frames, since a failure of it could drop them; and a header found, not written, may
     * not be the one on disk (the reset that wrote it failed its sync and the kernel dropped it),
     * whose frames the cut would take (the fault-family property of failed syncs found this: an
     * older durable header left without the frames its generation had). Closes the writer first: a
     * mapped writer's mapping must not outlive the bytes it maps.
     */
    public void shrinkForClose(long used) throws IOException {
        if (mutations.contains(UnsafeMutation.SYNC_IS_NOOP)) {
            // Mutation: syncs do nothing, so a cut could keep the shortened file only in part (see below).
            return;
        }
        if (!headerDurable || syncedFrames != frameCount) {
            return;
        }
        long keep = Math.max(used, WalHeader.REGION_SIZE);
        writer.close();
        if (file.size() <= keep) {
            return;
        }
        file.truncate(keep);
        // Makes the cut durable before a later opening reads the shortened file: the next opening
        // takes its frames' epoch from the frame headers it finds (see WalFrame), and were the cut
        // frames to come back after a power cut, one written by an earlier opening under an epoch
        // the new opening reused could chain to its frames and replay. FULL: the size changed.
        file.sync(SyncMode.FULL);
    }

    /**
     * Mutation WAL_HEADER_END_OFFSET only: writes {@code frames}, the log's logical end, into the
     * header's end field ({@link WalHeader#OFFSET_END_FRAMES}), unsynced.
     */
    private void writeEndField(int frames) throws IOException {
        if (endField == null) {
            endField = ByteBuffer.allocateDirect(WalHeader.END_FRAMES_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        endField.clear();
        endField.putInt(0, frames);
        file.writeFully(WalHeader.OFFSET_END_FRAMES, endField);
    }

    /**
     * Syncs the WAL's directory the first time this opening syncs the file (see the class
     * comment): a power cut could otherwise drop the WAL's name, and with it every commit this
     * opening acknowledges from it, even though the frames themselves were synced.
     */
    private void syncNameOnce() throws IOException {
        if (nameDurable) {
            return;
        }
        if (mutations.contains(UnsafeMutation.NO_DIR_SYNC_ON_WAL_CREATE)) {
            // Mutation: the WAL's name is left to the file system's whim; a power cut can drop
            // it, and with it every commit acknowledged from this WAL.
            return;
        }
        // Makes the WAL's directory entry durable before the first commit that depends on it.
        vfs.syncDirectory(VfsPaths.parent(file.path()));
        nameDurable = true;
    }

    /**
     * Reads the page image of the full frame at byte {@code offset} into {@code dst} (from memory
     * while the frame is gathered and not yet written). Safe from any thread.
     */
    public void readImage(long offset, byte[] dst) throws IOException {
        long at = offset + WalFrame.OFFSET_IMAGE;
        if (gathered == null || !gathered.read(at, dst, 0, Page.SIZE)) {
            file.readFully(at, ByteBuffer.wrap(dst, 0, Page.SIZE));
        }
    }

    /**
     * Reads the {@code length} bytes of the frame at byte {@code offset} into {@code dst} (from
     * memory while the frame is gathered and not yet written). Safe from any thread.
     */
    public void readFrame(long offset, int length, byte[] dst) throws IOException {
        if (gathered == null || !gathered.read(offset, dst, 0, length)) {
            file.readFully(offset, ByteBuffer.wrap(dst, 0, length));
        }
    }

    /**
     * Starts a new generation: a new salt, {@code newCheckpointSequence} and the page digest of the
     * database file ({@code homeDigest}) in the header, synced, frames counted from zero again.
     * Only after every frame was copied home and the database file synced. With {@code sync} false
     * (durability OFF) the header is not synced.
     */
    public void reset(long newCheckpointSequence, boolean sync, long homeDigest) throws IOException {
        if (gathered != null && gathered.pending()) {
            // Gathered frames belong to commits no sync has covered; the new generation would drop them.
            throw new IllegalStateException("WAL reset with appended commits not yet written and synced");
        }
        salt = WalHeader.nextSalt(salt, newCheckpointSequence);
        checkpointSequence = newCheckpointSequence;
        headerDigest = homeDigest;
        frameCount = 0;
        syncedFrames = 0;
        end = WalHeader.REGION_SIZE;
        chain = WalFrame.chainSeed(salt);
        writeHeaderAndPreallocate(sync);
    }

    private void writeHeaderAndPreallocate(boolean sync) throws IOException {
        long wanted = WalFrame.offset(preallocatedFrames);
        long size = file.size();
        if (size < wanted) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(WalWriting.largestFill());
            for (long at = Math.max(size, WalHeader.REGION_SIZE); at < wanted; ) {
                long fillEnd = writing.fillEnd(at, wanted);
                zeros.clear().limit((int) (fillEnd - at));
                file.writeFully(at, zeros);
                at = fillEnd;
            }
        }
        ByteBuffer header = ByteBuffer.allocate(WalHeader.ENCODED_SIZE);
        new WalHeader(salt, checkpointSequence, headerDigest).encode(header);
        file.writeFully(0, header);
        writer.preallocated(wanted);
        if (mutations.contains(UnsafeMutation.WAL_HEADER_END_OFFSET)) {
            // Mutation: a new generation has no frames yet; its end goes to disk with the header.
            writeEndField(0);
        }
        // The new salt must be durable before any frame is written under it: otherwise a cut could
        // leave new frames behind the old header, whose salt they do not match, and lose them
        // (and FULL durability acknowledges commits after syncing frames only). FULL, because
        // preallocation may have grown the file.
        if (sync && mutations.contains(UnsafeMutation.SYNC_IS_NOOP)) {
            // Mutation: the header is not synced, so a cut can leave new frames behind an old salt.
            return;
        }
        if (sync) {
            file.sync(size < wanted ? SyncMode.FULL : SyncMode.DATA);
            syncNameOnce();
            headerDurable = true;
        }
    }

    /**
     * Makes the header durable before this opening writes its first frame under a header it found
     * rather than wrote, for the reason {@link #writeHeaderAndPreallocate} syncs a new one: were
     * the header only in the page cache (the sync of a reset failed, see the class comment), a cut
     * could keep the new frames, which overwrite the previous generation's, and the previous
     * header, leaving a generation whose frames are gone and whose digest no longer describes the
     * database file (the crash explorer found this in NORMAL durability). The header is written
     * again unchanged and synced; only while no frame follows it, so a torn rewrite covers nothing
     * the database file lacks. With frames recovered (durability OFF only: otherwise the open made
     * a new WAL, see {@link #replaceWithCopy}) it is left alone.
     */
    public void makeHeaderDurable() throws IOException {
        if (headerDurable || frameCount > 0) {
            return;
        }
        if (mutations.contains(UnsafeMutation.SYNC_IS_NOOP)) {
            // Mutation: syncs do nothing, so neither does this one.
            return;
        }
        // The header this opening is about to write frames under must be durable first (synced
        // there). A clean close shrank the file to its live frames ({@link #shrinkForClose}):
        // preallocated again in the same pass, as a new generation's is.
        writeHeaderAndPreallocate(true);
    }

    /**
     * Replaces this WAL with a new file holding the recovered state as one commit: the newest image
     * of every page the recovered frames hold ({@code pageIds}, {@code images}), under a new salt,
     * the same checkpoint sequence and header digest, with {@code databaseSize}, {@code
     * commitSequence} (the last recovered commit's) and {@code digest} on its last frame. The new
     * file is written under a temporary name, synced, renamed over the WAL, and the directory
     * synced; the old file is never written. Called by an opening that recovered frames, before it
     * builds on them and before any reader exists: the frames may be only in the page cache (see
     * the class comment), and rewriting them in place could tear the durable ones. Afterwards the
     * WAL holds exactly that one commit, durable.
     */
    public void replaceWithCopy(int[] pageIds, byte[][] images, int count, int databaseSize, long commitSequence,
                                long digest) throws IOException {
        String path = file.path();
        String temporary = path + "-new";
        if (vfs.exists(temporary)) {
            vfs.delete(temporary); // a copy an earlier opening did not finish
        }
        long newSalt = WalHeader.nextSalt(salt, checkpointSequence);
        while (newSalt == salt) {
            newSalt = WalHeader.nextSalt(newSalt, checkpointSequence);
        }
        VfsFile copy = vfs.open(temporary, writing.openOptions(OpenOption.CREATE_NEW, mutations));
        // The copy writes its one commit at once (no gathering): the file sync below makes it durable.
        Wal fresh = new Wal(vfs, copy, preallocatedFrames, newSalt, checkpointSequence, headerDigest, mutations,
                writing, events, false);
        try {
            ByteBuffer header = ByteBuffer.allocate(WalHeader.ENCODED_SIZE);
            new WalHeader(newSalt, checkpointSequence, headerDigest).encode(header);
            copy.writeFully(0, header);
            fresh.epoch = epoch;
            fresh.append(pageIds, images, count, databaseSize, commitSequence, digest);
            if (!mutations.contains(UnsafeMutation.SYNC_IS_NOOP)) {
                // The copy must be durable before its name replaces the WAL's: a cut after the
                // rename would otherwise find a WAL without the recovered commits. FULL: the file grew.
                copy.sync(SyncMode.FULL);
                fresh.syncedFrames = fresh.frameCount;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(fresh.writer, e);
            closeQuietly(copy, e);
            throw e;
        }
        vfs.rename(temporary, path);
        if (!mutations.contains(UnsafeMutation.NO_DIR_SYNC_ON_WAL_CREATE)) {
            // Makes the rename durable: a cut could otherwise bring back the old WAL, whose frames
            // the checkpoint that follows is about to copy home as if they were durable.
            vfs.syncDirectory(VfsPaths.parent(path));
        }
        VfsFile old = file;
        writer.close();
        writer = fresh.writer;
        file = copy;
        salt = newSalt;
        frameCount = fresh.frameCount;
        syncedFrames = fresh.syncedFrames;
        end = fresh.end;
        chain = fresh.chain;
        headerDurable = true;
        nameDurable = true;
        old.close();
    }

    /** Frames in the current generation (all committed). */
    public int frameCount() {
        return frameCount;
    }

    public long checkpointSequence() {
        return checkpointSequence;
    }

    public long salt() {
        return salt;
    }

    public String path() {
        return file.path();
    }

    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            file.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Throwable failure) {
        try {
            closeable.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
