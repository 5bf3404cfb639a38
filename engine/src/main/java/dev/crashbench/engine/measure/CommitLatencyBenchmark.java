package dev.crashbench.engine.measure;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.Backend;
import dev.crashbench.vfs.local.FileSystemType;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.SyncFloorBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The engine's commit latency next to the disk's floor, measured in one run: a one-row update
 * committed in the given durability mode, and a 4 KiB {@code pwrite} + {@code sync(DATA)} at a
 * fixed offset of a preallocated file (see {@link SyncFloorBenchmark}). The two loops alternate
 * in rounds, so drift of the shared machine hits both alike. Also reports the bytes the
 * committing thread allocated per commit, from {@code ThreadMXBean.getThreadAllocatedBytes}.
 *
 * <p>Run it as {@code ./crashbench commit-bench}. On a RAM-backed file system it refuses, since
 * a sync there costs nothing and the figures would mean nothing.
 */
public final class CommitLatencyBenchmark {
    private static final String DATABASE = "commit-bench.db";
    private static final String FLOOR_FILE = "commit-bench-floor.dat";
    private static final String TABLE = "kv";
    private static final int ROUNDS = 5;

    private CommitLatencyBenchmark() {
    }

    /** Percentiles in nanoseconds. */
    public record Latency(long p50Nanos, long p95Nanos, long p99Nanos, long maxNanos) {
        static Latency of(long[] samples) {
            long[] sorted = samples.clone();
            Arrays.sort(sorted);
            return new Latency(SyncFloorBenchmark.percentile(sorted, 50), SyncFloorBenchmark.percentile(sorted, 95),
                    SyncFloorBenchmark.percentile(sorted, 99), sorted[sorted.length - 1]);
        }
    }

    /** What one run measured, and where. */
    public record Result(Path directory, String fileSystemType, Backend backend, EngineOptions options,
                         Latency commit, Latency floor, double bytesAllocatedPerCommit) {
    }

    /**
     * Creates a fresh database in {@code dir}, commits {@code warmup} untimed updates, then
     * {@code commits} timed ones interleaved with as many floor writes, and prints the report.
     */
    public static Result run(Path dir, Backend backend, EngineOptions options, int commits, int warmup,
                             PrintWriter out) throws IOException {
        if (commits < ROUNDS || warmup < 0) {
            throw new IllegalArgumentException("commits must be at least " + ROUNDS + " and warm-up at least 0");
        }
        Files.createDirectories(dir);
        LocalVfs vfs = LocalVfs.at(dir, DiskModel.WORST_CASE, backend);
        String fsType = vfs.fileSystemType();
        if (FileSystemType.isMemoryBacked(fsType)) {
            throw new IOException(dir + " is on " + fsType + ", where a sync costs nothing: measure on a real disk");
        }
        for (String name : new String[] {DATABASE, DATABASE + "-wal", FLOOR_FILE}) {
            if (vfs.exists(name)) {
                vfs.delete(name);
            }
        }
        long[] commitNanos = new long[commits];
        long[] floorNanos = new long[commits];
        long allocated;
        try (Database database = Database.open(vfs, DATABASE, options);
             VfsFile floor = vfs.open(FLOOR_FILE, OpenOption.CREATE)) {
            SyncFloorBenchmark.prepare(floor);
            try (WriteTransaction create = database.beginWrite()) {
                create.createTable(TABLE).put(1, new byte[] {0});
                create.commit();
            }
            byte[][] values = {"value-a".getBytes(), "value-b".getBytes()};
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < warmup; i++) {
                commitOnce(database, values[i & 1]);
                floorOnce(floor, block, i);
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            allocated = 0;
            int perRound = commits / ROUNDS;
            int done = 0;
            for (int round = 0; round < ROUNDS; round++) {
                int until = round == ROUNDS - 1 ? commits : done + perRound;
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = done; i < until; i++) {
                    long start = System.nanoTime();
                    commitOnce(database, values[i & 1]);
                    commitNanos[i] = System.nanoTime() - start;
                }
                allocated += threads.getThreadAllocatedBytes(thread) - before;
                for (int i = done; i < until; i++) {
                    long start = System.nanoTime();
                    floorOnce(floor, block, i);
                    floorNanos[i] = System.nanoTime() - start;
                }
                done = until;
            }
        }
        Result result = new Result(vfs.root(), fsType, vfs.backend(), options, Latency.of(commitNanos),
                Latency.of(floorNanos), (double) allocated / commits);
        print(result, commits, warmup, out);
        return result;
    }

    private static void commitOnce(Database database, byte[] value) throws IOException {
        try (WriteTransaction transaction = database.beginWrite()) {
            Table table = transaction.table(TABLE);
            table.put(1, value);
            transaction.commit();
        }
    }

    private static void floorOnce(VfsFile floor, ByteBuffer block, int i) throws IOException {
        block.clear();
        block.putLong(0, i);
        floor.writeFully(SyncFloorBenchmark.OFFSET, block);
        // The timed quantity: the cheapest durable 4 KiB write this disk offers.
        floor.sync(SyncMode.DATA);
    }

    private static void print(Result r, int commits, int warmup, PrintWriter out) {
        out.printf(Locale.ROOT, "commit latency: %d one-row update commits (durability %s) after %d warm-up,%n",
                commits, r.options().durability(), warmup);
        out.printf(Locale.ROOT, "  interleaved in %d rounds with as many 4 KiB pwrite + sync(DATA) at a fixed offset%n", ROUNDS);
        out.printf(Locale.ROOT, "  directory %s (%s), backend %s, not pinned%n", r.directory(), r.fileSystemType(),
                r.backend().id());
        out.printf(Locale.ROOT, "  %-8s %9s %9s %9s %9s%n", "", "p50 us", "p95 us", "p99 us", "max us");
        row(out, "engine", r.commit());
        row(out, "floor", r.floor());
        out.printf(Locale.ROOT, "  %-8s %9.2f %9.2f %9.2f%n", "ratio", ratio(r.commit().p50Nanos(), r.floor().p50Nanos()),
                ratio(r.commit().p95Nanos(), r.floor().p95Nanos()), ratio(r.commit().p99Nanos(), r.floor().p99Nanos()));
        out.printf(Locale.ROOT, "  bytes allocated per commit (committing thread): %.0f%n", r.bytesAllocatedPerCommit());
        out.flush();
    }

    private static void row(PrintWriter out, String name, Latency l) {
        out.printf(Locale.ROOT, "  %-8s %9.1f %9.1f %9.1f %9.1f%n", name, l.p50Nanos() / 1000.0, l.p95Nanos() / 1000.0,
                l.p99Nanos() / 1000.0, l.maxNanos() / 1000.0);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
