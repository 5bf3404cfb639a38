package dev.crashbench.vfs.local;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the floor of a durable write: a 4 KiB {@code pwrite} at a fixed offset of a
 * preallocated, already-written file followed by {@code sync(DATA)}, repeated. Nothing but the
 * data block has to reach the device (no size or extent change, and {@code fdatasync} skips the
 * mtime), so this is the cheapest commit any engine can make on this disk.
 *
 * <p>Run it as {@code ./crashbench sync-floor}.
 */
public final class SyncFloorBenchmark {
    private static final int BLOCK_BYTES = 4096;
    private static final long FILE_BYTES = 1 << 20;
    public static final long OFFSET = 64 * 1024;
    private static final String FILE_NAME = "sync-floor.dat";

    private SyncFloorBenchmark() {
    }

    /** The measured percentiles, in nanoseconds, and where they were measured. */
    public record Result(Backend backend, Path directory, String fileSystemType, long p50Nanos, long p95Nanos,
                         long p99Nanos, long maxNanos) {
    }

    /**
     * Runs {@code iterations} timed (after {@code warmup} untimed) write-and-sync rounds in
     * {@code dir}, prints the report to {@code out} and returns the figures.
     */
    public static Result run(Path dir, Backend backend, int iterations, int warmup, PrintWriter out)
            throws IOException {
        if (iterations < 1 || warmup < 0) {
            throw new IllegalArgumentException("iterations must be >= 1 and warm-up >= 0");
        }
        Files.createDirectories(dir);
        LocalVfs vfs = LocalVfs.at(dir, DiskModel.WORST_CASE, backend);
        if (FileSystemType.isMemoryBacked(vfs.fileSystemType())) {
            out.println("warning: " + dir + " is on " + vfs.fileSystemType() + "; syncs are no-ops there");
        }

        long[] nanos;
        try (VfsFile file = vfs.open(FILE_NAME, OpenOption.CREATE)) {
            prepare(file);
            // Directory sync: a crash must not lose the benchmark file's directory entry (hygiene only).
            vfs.syncDirectory("");
            nanos = measure(file, iterations, warmup);
        }
        vfs.delete(FILE_NAME);

        Arrays.sort(nanos);
        out.printf(Locale.ROOT, "sync floor: %d x (4 KiB pwrite + sync(DATA)) after %d warm-up%n", iterations, warmup);
        out.printf(Locale.ROOT, "  backend   %s%n", vfs.backend().id());
        out.printf(Locale.ROOT, "  directory %s (%s)%n", vfs.root(), vfs.fileSystemType());
        out.printf(Locale.ROOT, "  p50 %.1f us   p95 %.1f us   p99 %.1f us   max %.1f us%n",
                micros(percentile(nanos, 50)), micros(percentile(nanos, 95)), micros(percentile(nanos, 99)),
                micros(nanos[nanos.length - 1]));
        out.flush();
        return new Result(vfs.backend(), vfs.root(), vfs.fileSystemType(), percentile(nanos, 50),
                percentile(nanos, 95), percentile(nanos, 99), nanos[nanos.length - 1]);
    }

    /** Allocates and writes the whole file once so the timed loop changes no metadata. */
    public static void prepare(VfsFile file) throws IOException {
        file.allocate(FILE_BYTES);
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) FILE_BYTES);
        file.writeFully(0, zeros);
        // Full sync: the size and the written extents must be on disk before timing starts,
        // or the first timed syncs would also commit them.
        file.sync(SyncMode.FULL);
    }

    private static long[] measure(VfsFile file, int iterations, int warmup) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        long[] nanos = new long[iterations];
        for (int i = -warmup; i < iterations; i++) {
            block.clear();
            block.putLong(0, i);
            long start = System.nanoTime();
            file.writeFully(OFFSET, block);
            // Data sync: the timed quantity; a crash after it returns cannot lose this block.
            file.sync(SyncMode.DATA);
            long elapsed = System.nanoTime() - start;
            if (i >= 0) {
                nanos[i] = elapsed;
            }
        }
        return nanos;
    }

    /** Nearest-rank percentile of sorted samples. */
    public static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
