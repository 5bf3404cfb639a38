package dev.crashbench.torture.inspect;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.engine.wal.WalIndex;
import dev.crashbench.engine.wal.WalScan;
import dev.crashbench.torture.inspect.WalInspection.FrameFate;
import dev.crashbench.torture.inspect.WalInspection.HeaderVerdict;
import dev.crashbench.torture.inspect.WalInspection.Outcome;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Reads a WAL file: the header as stored and the engine's verdict on it ({@link WalHeader#decode}),
 * every frame slot's fields, and where recovery stops — from the engine's own scan, as the healthy
 * engine runs it, with no unsafe mutation ({@link WalScan#scan(VfsFile, long, String, WalIndex)}),
 * not a copy of it. The per-frame columns (salt matches, checksum continues
 * the chain from the slot before) are shown for every slot, also past the stop, where recovery
 * never looks; they use the engine's {@link WalFrame} accessors and checksum.
 */
final class WalInspector {
    private WalInspector() {
    }

    /** What recovery's scan said, or why it did not run or failed. */
    private record Verdict(WalScan.Result scan, CorruptDatabaseException failure) {
    }

    static WalInspection inspect(VfsFile file, String shown, long limit) throws IOException, NotInspectableException {
        long size = file.size();
        if (size < WalHeader.ENCODED_SIZE) {
            throw new NotInspectableException(shown + ": a WAL file of " + size + " bytes, shorter than its "
                    + WalHeader.ENCODED_SIZE + "-byte header");
        }
        byte[] headerBytes = new byte[WalHeader.ENCODED_SIZE];
        file.readFully(0, ByteBuffer.wrap(headerBytes));
        WalInspection.Header header = header(headerBytes, shown);
        long salt = PageBytes.getLong(headerBytes, WalHeader.OFFSET_SALT);

        Verdict verdict = new Verdict(null, null);
        if (header.verdict() == HeaderVerdict.VALID) {
            try {
                verdict = new Verdict(WalScan.scan(file, salt, shown, new WalIndex()), null);
            } catch (CorruptDatabaseException e) {
                verdict = new Verdict(null, e);
            }
        }
        int replayed = verdict.scan() == null ? 0 : verdict.scan().committedFrames();
        int uncommitted = verdict.scan() == null ? 0 : verdict.scan().framesIgnored();

        long slots = size >= WalHeader.REGION_SIZE ? (size - WalHeader.REGION_SIZE) / WalFrame.SIZE : 0;
        int partial = size >= WalHeader.REGION_SIZE ? (int) ((size - WalHeader.REGION_SIZE) % WalFrame.SIZE) : 0;
        if (slots > Integer.MAX_VALUE) {
            throw new NotInspectableException(shown + ": " + slots + " frame slots, more than a WAL can index");
        }
        List<WalInspection.FrameLine> frames = new ArrayList<>();
        List<WalInspection.SlotRun> empty = new ArrayList<>();
        CRC32 crc = new CRC32();
        byte[] frame = new byte[WalFrame.SIZE];
        int previous = WalFrame.chainSeed(salt);
        int commits = 0;
        long stopFrame = verdict.scan() == null ? -1 : verdict.scan().stopFrame();
        boolean stopSlotEmpty = false;
        long runStart = -1;
        long at = WalHeader.REGION_SIZE;
        int i = 0;
        for (; i < limit || i < replayed || i == stopFrame; i++) {
            // Frames have their own lengths (delta frames are shorter); anything that is not a frame
            // (a never-written slot, damage) is stepped over as a full frame's slot.
            if (size - at < WalFrame.ENCODED_HEADER_SIZE) {
                break;
            }
            int available = (int) Math.min(WalFrame.SIZE, size - at);
            Arrays.fill(frame, (byte) 0);
            file.readFully(at, ByteBuffer.wrap(frame, 0, available));
            int length = WalFrame.hasValidShape(frame, 0, false) ? WalFrame.length(frame, 0) : WalFrame.SIZE;
            if (at + length > size) {
                break; // a partial slot: recovery never reads it either
            }
            boolean zero = Hex.allZero(frame);
            int commitSize = WalFrame.commitSize(frame, 0);
            if (i < replayed && commitSize > 0) {
                commits++;
            }
            if (i == stopFrame) {
                stopSlotEmpty = zero;
            }
            if (i < limit) {
                if (zero) {
                    runStart = runStart < 0 ? i : runStart;
                } else {
                    if (runStart >= 0) {
                        empty.add(new WalInspection.SlotRun(runStart, i - 1));
                        runStart = -1;
                    }
                    long frameSalt = WalFrame.salt(frame, 0);
                    int stored = WalFrame.storedChecksum(frame, 0);
                    frames.add(new WalInspection.FrameLine(i, at, WalFrame.pageId(frame, 0),
                            commitSize == 0 ? null : commitSize, Hex.of64(frameSalt), frameSalt == salt,
                            WalFrame.commitSequence(frame, 0), Integer.toUnsignedLong(WalFrame.epoch(frame, 0)),
                            Hex.of32(stored), WalFrame.hasValidShape(frame, 0, false)
                                    && stored == WalFrame.checksum(frame, 0, previous, crc),
                            fate(i, replayed, uncommitted)));
                }
            }
            previous = WalFrame.storedChecksum(frame, 0);
            at += length;
        }
        long listed = Math.min(i, limit);
        if (runStart >= 0) {
            empty.add(new WalInspection.SlotRun(runStart, listed - 1));
        }
        String unusableHeaderFrames = header.verdict() == HeaderVerdict.INVALID ? framesUnderInvalidHeader(file, shown) : "";
        WalInspection.Recovery recovery = recovery(header, verdict, commits, partial, stopSlotEmpty, unusableHeaderFrames);
        return new WalInspection(shown, FileKind.WAL, size, header, slots, partial, frames, empty,
                Math.max(0, slots - listed), recovery);
    }

    private static FrameFate fate(int frame, int replayed, int uncommitted) {
        if (frame < replayed) {
            return FrameFate.REPLAYED;
        }
        return frame < replayed + uncommitted ? FrameFate.UNCOMMITTED : FrameFate.NOT_REPLAYED;
    }

    private static WalInspection.Header header(byte[] bytes, String shown) {
        int stored = PageBytes.getInt(bytes, WalHeader.OFFSET_CHECKSUM);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, WalHeader.OFFSET_CHECKSUM);
        boolean checksumValid = stored == (int) crc.getValue();
        HeaderVerdict verdict;
        String problem = null;
        try {
            if (WalHeader.decode(bytes, shown) != null) {
                verdict = HeaderVerdict.VALID;
            } else {
                verdict = HeaderVerdict.INVALID;
                problem = checksumValid
                        ? "the header's magic is " + Magic.text(bytes) + ", not " + FileKind.WAL.magicText()
                        : "the header fails its checksum";
            }
        } catch (CorruptDatabaseException e) {
            verdict = HeaderVerdict.INCOMPATIBLE;
            problem = e.getMessage();
        }
        return new WalInspection.Header(Magic.text(bytes),
                PageBytes.getInt(bytes, WalHeader.OFFSET_VERSION),
                PageBytes.getInt(bytes, WalHeader.OFFSET_PAGE_SIZE),
                Hex.of64(PageBytes.getLong(bytes, WalHeader.OFFSET_SALT)),
                PageBytes.getLong(bytes, WalHeader.OFFSET_CHECKPOINT_SEQUENCE),
                Hex.of64(PageBytes.getLong(bytes, WalHeader.OFFSET_PAGE_DIGEST)),
                Hex.of32(stored), checksumValid, verdict, problem);
    }

    /**
     * What the frames under an unusable header hold, as the open judges them
     * ({@link WalScan#checkUnusableHeader}): the part of the verdict that needs no database file.
     */
    private static String framesUnderInvalidHeader(VfsFile file, String shown) throws IOException {
        WalScan.Result frames;
        try {
            frames = WalScan.generationAtStart(file, shown);
        } catch (CorruptDatabaseException e) {
            return "; the frames after it are corrupt: " + e.getMessage();
        }
        if (frames == null || frames.committedFrames() == 0) {
            return ", so the next open starts a new generation over this file";
        }
        if (frames.syncedClaim() == 0) {
            return "; the " + frames.committedFrames() + " frames after it (through commit "
                    + frames.lastCommitSequence() + ") were never synced, so the next open gives them up";
        }
        return "; the " + frames.committedFrames() + " frames after it, through commit " + frames.lastCommitSequence()
                + ", were synced: unless the database file's home digest is " + Hex.of64(frames.lastCommitDigest())
                + " (they are home), the next open refuses the WAL as damaged";
    }

    private static WalInspection.Recovery recovery(WalInspection.Header header, Verdict verdict, int commits,
                                                   int partial, boolean stopSlotEmpty, String unusableHeaderFrames) {
        switch (header.verdict()) {
            case INVALID:
                return new WalInspection.Recovery(Outcome.HEADER_INVALID, 0, 0, 0, 0, 0, null, "HEADER_INVALID",
                        "recovery replays no frame: " + header.problem() + unusableHeaderFrames);
            case INCOMPATIBLE:
                return new WalInspection.Recovery(Outcome.FAILS, 0, 0, 0, 0, 0, null, "INCOMPATIBLE_HEADER",
                        "recovery fails: " + header.problem());
            case VALID:
                break;
        }
        if (verdict.failure() != null) {
            CorruptDatabaseException e = verdict.failure();
            return new WalInspection.Recovery(Outcome.FAILS, 0, 0, 0, 0, 0, e.page(), "CORRUPT",
                    "recovery fails at frame " + e.page() + ": " + e.getMessage());
        }
        WalScan.Result scan = verdict.scan();
        int replayed = scan.committedFrames();
        StringBuilder summary = new StringBuilder();
        if (replayed == 0) {
            summary.append("recovery stops before frame 0 (no commit): ");
        } else {
            summary.append("recovery stops after frame ").append(replayed - 1)
                    .append(" (last commit seq ").append(scan.lastCommitSequence()).append("): ");
        }
        switch (scan.stop()) {
            case END_OF_FILE -> {
                summary.append(scan.stop().describe());
                if (partial > 0) {
                    summary.append(" (").append(partial).append(" bytes of a partial frame follow)");
                }
            }
            case SALT_MISMATCH -> summary.append("frame ").append(scan.stopFrame())
                    .append(stopSlotEmpty ? " is all zero, a slot never written" : ": " + scan.stop().describe());
            case CHECKSUM_MISMATCH -> summary.append("frame ").append(scan.stopFrame())
                    .append(": ").append(scan.stop().describe());
            case CLOSED -> summary.append("frame ").append(scan.stopFrame()).append(": ").append(scan.stop().describe());
            case HEADER_END -> summary.append(scan.stop().describe());
        }
        if (scan.framesIgnored() == 1) {
            summary.append("; frame ").append(replayed)
                    .append(" before it continues the chain but no commit marker ends its commit: dropped");
        } else if (scan.framesIgnored() > 1) {
            summary.append("; frames ").append(replayed).append('-').append(replayed + scan.framesIgnored() - 1)
                    .append(" before it continue the chain but no commit marker ends their commit: dropped");
        }
        return new WalInspection.Recovery(Outcome.REPLAYS_PREFIX, replayed, commits, scan.lastCommitSequence(),
                scan.lastCommitSize(), scan.framesIgnored(), (long) scan.stopFrame(), scan.stop().name(),
                summary.toString());
    }
}
