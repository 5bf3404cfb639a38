package dev.crashbench.engine.wal;

import dev.crashbench.engine.EngineEvents;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import java.util.Set;

/** Which {@link WalWriter} a WAL uses, from the engine's optimizations; {@link #PWRITE} by default. */
public enum WalWriting {
    /** A positional write and {@code fdatasync} per commit. */
    PWRITE,
    /** Optimization {@code wal_dsync}: one write through an {@code O_DSYNC} handle per commit. */
    DSYNC,
    /** Optimization {@code wal_mmap}: stores through a mapping and a range sync per commit. */
    MAPPED;

    /**
     * Zeros written per call when preallocating the WAL. 4 KiB for the mapping: on Linux a file
     * first written in large writes gets large page-cache folios, and an msync of one dirty page
     * of such a folio then writes all of it (1 MiB: 329 µs against 96 µs p50, measured here).
     */
    private static final int MAPPED_FILL_CHUNK = Page.SIZE;
    private static final int FILL_CHUNK = 64 << 10;

    /** The writing {@code optimizations} ask for (they never ask for two: see the option conflicts). */
    public static WalWriting of(Set<Optimization> optimizations) {
        if (optimizations.contains(Optimization.WAL_MMAP)) {
            return MAPPED;
        }
        if (optimizations.contains(Optimization.WAL_DSYNC)) {
            return DSYNC;
        }
        return PWRITE;
    }

    /** How the WAL file (and a recovery's copy of it) is opened, besides {@code create}. */
    OpenOption[] openOptions(OpenOption create, Set<UnsafeMutation> mutations) {
        if (this != DSYNC) {
            return new OpenOption[] {create};
        }
        if (mutations.contains(UnsafeMutation.DSYNC_ASSUMED)) {
            // Mutation: O_DSYNC is lost on the way to open(2), yet the writer still skips the sync
            // of every commit: acknowledged commits sit in the page cache, and a cut loses them.
            return new OpenOption[] {create};
        }
        // Each write through this handle is durable when it returns: that is the commit's sync.
        return new OpenOption[] {create, OpenOption.DSYNC};
    }

    /**
     * Where the zero-filling write that starts at {@code at} ends, at most at {@code wanted}: 64 KiB
     * on, or for the mapping up to the next 4 KiB boundary, so every write fills one whole page.
     */
    long fillEnd(long at, long wanted) {
        long end = this == MAPPED ? (at / MAPPED_FILL_CHUNK + 1) * MAPPED_FILL_CHUNK : at + FILL_CHUNK;
        return Math.min(wanted, end);
    }

    /** The largest write {@link #fillEnd} asks for. */
    static int largestFill() {
        return FILL_CHUNK;
    }

    WalWriter writerFor(VfsFile file, int preallocatedFrames, Set<UnsafeMutation> mutations, EngineEvents events) {
        return switch (this) {
            case PWRITE -> new PwriteWalWriter(file);
            case DSYNC -> new DsyncWalWriter(file, events);
            case MAPPED -> new MappedWalWriter(file, WalFrame.offset(0),
                    WalFrame.offset(preallocatedFrames) - WalFrame.offset(0), mutations, events);
        };
    }
}
