package dev.crashbench.engine.wal;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Optimization {@code wal_mmap}: frames are stored through a shared mapping of the WAL's
 * preallocated frame slots, with no write call, and made durable by a range sync
 * ({@code msync(MS_SYNC)}) of the bytes stored since the last sync.
 *
 * <p>The mapping covers the slots of the preallocated frames, {@code [offset(0),
 * offset(preallocatedFrames))}, and is made at the first store once the file is that large: a
 * store past the end of a file faults, and the file only grows by writes and syncs of its own
 * (preallocation, which {@link Wal} syncs with a file sync before any frame goes under its
 * header, so the mapped stores never depend on a size change that is not durable).
 *
 * <p>When the WAL outgrows the mapping (a checkpoint held back by a reader, a checkpoint
 * interval longer than the preallocation, or the unpreallocated copy a recovery writes), a
 * commit that does not fit is written with a positional write instead, and the next sync is an
 * {@code fdatasync} of the file, which makes the mapped stores durable too: correctness first,
 * the mapping again after the next reset. Readers need nothing special: on Linux a shared
 * mapping and {@code pread} see the same page cache, so {@link Wal#readImage}, recovery and
 * checkpoints read what was stored through the mapping.
 *
 * <p>Frames are not page-aligned (a frame is 4,608 bytes), so a range sync rounds out to whole
 * pages and may write back the neighbouring bytes of the commit before or the slot after: both
 * are either durable already or not part of any commit, so writing them back early is harmless.
 *
 * <p>Threads: with group commit a leader syncs while the next writer stores behind it, so the
 * record of what is unsynced is taken and cleared in one step under this object's monitor, and
 * a sync covers the stores recorded before it; a store recorded during the sync waits for the
 * next one.
 */
final class MappedWalWriter implements WalWriter {
    private final VfsFile file;
    /** File offset and length of the mapping: the preallocated frame slots; 0 length: never mapped. */
    private final long mapFrom;
    private final int mapLength;
    private final Set<UnsafeMutation> mutations;
    private final EngineEvents events;
    /** Made by the storing thread; read by a syncing one after the monitor handed it the range. */
    private volatile MappedRegion region;
    /** False once the file was found shorter than the mapping, until it is preallocated again. */
    private boolean mapAllowed = true;
    /** File offsets of the stores through the mapping since the last sync; -1 when none. Monitor held. */
    private long unsyncedFrom = -1;
    private long unsyncedTo = -1;
    /** Whether a store since the last sync went through a positional write (outside the mapping). Monitor held. */
    private boolean writtenSinceSync;
    /** Mutation MMAP_ACK_BEFORE_MSYNC only: the range of the acknowledged commit whose msync is owed. */
    private long owedFrom = -1;
    private long owedTo = -1;

    MappedWalWriter(VfsFile file, long mapFrom, long mapLength, Set<UnsafeMutation> mutations, EngineEvents events) {
        this.file = file;
        this.mapFrom = mapFrom;
        this.mapLength = (int) Math.min(mapLength, Integer.MAX_VALUE - Integer.MAX_VALUE % WalFrame.SIZE);
        this.mutations = mutations;
        this.events = events;
    }

    @Override
    public void store(long offset, ByteBuffer frames, int frameCount) throws IOException {
        int bytes = frames.remaining();
        if (offset >= mapFrom && offset + bytes <= mapFrom + mapLength && mapped()) {
            region.write((int) (offset - mapFrom), frames);
            events.count(EngineEvent.MAPPED_FRAME, frameCount);
            synchronized (this) {
                unsyncedFrom = unsyncedFrom < 0 ? offset : Math.min(unsyncedFrom, offset);
                unsyncedTo = Math.max(unsyncedTo, offset + bytes);
            }
        } else {
            file.writeFully(offset, frames);
            synchronized (this) {
                writtenSinceSync = true;
            }
        }
    }

    /** Whether the mapping exists, making it when the file is large enough. */
    private boolean mapped() throws IOException {
        if (region != null) {
            return true;
        }
        if (!mapAllowed || mapLength == 0) {
            return false;
        }
        if (file.size() < mapFrom + mapLength) {
            mapAllowed = false; // not preallocated (a recovery's copy): positional writes until the next reset
            return false;
        }
        region = file.map(mapFrom, mapLength);
        return true;
    }

    @Override
    public void sync() throws IOException {
        long unsyncedFrom;
        long unsyncedTo;
        boolean writtenSinceSync;
        synchronized (this) {
            // What this sync must cover, taken in one step with clearing it: a store recorded from
            // now on (the next writer's, under group commit) is the next sync's.
            unsyncedFrom = this.unsyncedFrom;
            unsyncedTo = this.unsyncedTo;
            writtenSinceSync = this.writtenSinceSync;
            this.writtenSinceSync = false;
            this.unsyncedFrom = -1;
            this.unsyncedTo = -1;
        }
        if (writtenSinceSync || unsyncedFrom < 0) {
            // Frames written outside the mapping, or frames this writer did not store (found at
            // open): the whole file's data, mapped stores included, must be durable before the
            // commits that depend on them are acknowledged or copied home.
            file.sync(SyncMode.DATA);
        } else if (mutations.contains(UnsafeMutation.MMAP_ACK_BEFORE_MSYNC)) {
            // Mutation: the msync is pipelined one commit behind: this call syncs the previous
            // commit's range and returns, so the commit is acknowledged with its own stores still
            // only in the page cache, and a cut before the next commit loses it.
            if (owedFrom >= 0) {
                region.sync((int) (owedFrom - mapFrom), (int) (owedTo - owedFrom));
            }
            owedFrom = unsyncedFrom;
            owedTo = unsyncedTo;
        } else {
            long from = unsyncedFrom;
            if (mutations.contains(UnsafeMutation.MMAP_SYNC_LAST_PAGE_ONLY)) {
                // Mutation: only the commit's last frame, the one with its marker, is synced; the
                // frames before it stay in the page cache, and a cut can keep the marker without them.
                from = Math.max(from, unsyncedTo - WalFrame.SIZE);
            }
            // msync of the range stored since the last sync: the commit is acknowledged after this
            // returns, so a cut after the acknowledgement must find every one of its frames.
            region.sync((int) (from - mapFrom), (int) (unsyncedTo - from));
        }
    }

    @Override
    public void preallocated(long size) {
        mapAllowed = true;
    }

    @Override
    public void close() throws IOException {
        if (region != null) {
            region.close();
            region = null;
        }
    }
}
