package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How many crash images per second SimDisk builds: a file set of {@code files} files of
 * {@code fileBytes} each, all synced, then {@code pendingWrites} unsynced 4 KiB writes spread
 * over them (at random offsets, or aligned to their size as an engine's page writes are); each policy then builds crash images in a loop. A benchmark, not a test: it
 * prints rates and asserts nothing about time.
 */
public final class CrashImageBenchmark {

    /** What to measure. */
    public record Options(int files, int fileBytes, int pendingWrites, int writeBytes, boolean aligned,
                          double secondsPerPolicy) {
    }

    /** One policy's figure. */
    public record Figure(String policy, long images, double seconds) {
        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    private CrashImageBenchmark() {
    }

    public static List<Figure> run(Options options, PrintWriter out) throws IOException {
        SimDisk disk = new SimDisk(new SimDiskConfig(DiskModel.WORST_CASE, 1, Long.MAX_VALUE), FaultPlan.NONE);
        SplittableRandom random = new SplittableRandom(1);
        List<VfsFile> files = new ArrayList<>();
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < options.files(); i++) {
            VfsFile f = disk.open("file" + i, OpenOption.CREATE);
            for (int at = 0; at < options.fileBytes(); at += chunk.length) {
                random.nextBytes(chunk);
                f.writeFully(at, ByteBuffer.wrap(chunk, 0, Math.min(chunk.length, options.fileBytes() - at)));
            }
            f.sync(SyncMode.DATA);
            files.add(f);
        }
        disk.syncDirectory("");
        byte[] data = new byte[options.writeBytes()];
        for (int i = 0; i < options.pendingWrites(); i++) {
            random.nextBytes(data);
            long offset = random.nextLong(options.fileBytes() - options.writeBytes());
            if (options.aligned()) {
                offset -= offset % options.writeBytes();
            }
            files.get(i % files.size()).writeFully(offset, ByteBuffer.wrap(data));
        }
        List<PendingOp> pending = disk.pendingOps();
        out.printf("file set: %d files x %d KiB, all synced; %d pending %s writes of %d B%n", options.files(),
                options.fileBytes() / 1024, pending.size(), options.aligned() ? "aligned" : "unaligned",
                options.writeBytes());

        int units = TornWrite.unitCount((PendingOp.Write) pending.get(pending.size() / 2), disk.diskModel());
        List<SectorFate> fates = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            fates.add(SectorFate.values()[u % SectorFate.values().length]);
        }
        List<Survival> policies = List.of(new Survival.LoseAll(), new Survival.KeepAll(),
                new Survival.KeepPrefix(pending.size() / 2), new Survival.TearOne(pending.size() / 2, fates),
                new Survival.Random(7, 0.5, 0.2));
        List<Figure> figures = new ArrayList<>();
        long sink = 0;
        for (Survival policy : policies) {
            // Warm-up as long as the measurement: besides the JIT, the first pass through a young
            // generation that just grew pays the kernel's page faults for fresh heap memory.
            sink += measure(disk, policy, options.secondsPerPolicy());
            long start = System.nanoTime();
            long deadline = start + (long) (options.secondsPerPolicy() * 1e9);
            long images = 0;
            long now;
            do {
                for (int i = 0; i < 64; i++) {
                    sink += disk.crashImage(policy).fates().size();
                }
                images += 64;
                now = System.nanoTime();
            } while (now < deadline);
            Figure figure = new Figure(policy.describe(), images, (now - start) / 1e9);
            figures.add(figure);
            out.printf("%-60s %,12.0f crash images/s%n", figure.policy(), figure.imagesPerSecond());
        }
        if (sink == 42) {
            out.println(); // keeps the JIT from discarding the work
        }
        out.flush();
        return figures;
    }

    private static long measure(SimDisk disk, Survival policy, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long sink = 0;
        while (System.nanoTime() < deadline) {
            sink += disk.crashImage(policy).fates().size();
        }
        return sink;
    }
}
