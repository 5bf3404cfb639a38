package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every crash image must have, whatever the workload and the survival policy. */
class CrashImageProperties {

    private static final List<DiskModel> MODELS = List.of(DiskModel.WORST_CASE, DiskModel.SSD_4K,
            new DiskModel(512, 4096, true, true));

    /**
     * Synced data survives every survival policy: after a random workload, file 0 is synced;
     * files 1 and 2 keep whatever is pending. In every crash image file 0 equals what the
     * program saw, and in files 1 and 2 every byte no pending op touches equals the durable byte.
     */
    @Property(tries = 200)
    void syncedDataSurvivesEverySurvivalPolicy(@ForAll("workloads") @Size(max = 40) List<DiskAction> actions,
                                               @ForAll("policies") PolicyChoice policy,
                                               @ForAll("models") DiskModel model) throws IOException {
        SimDisk disk = new SimDisk(new SimDiskConfig(model, 7, Long.MAX_VALUE), FaultPlan.NONE);
        List<VfsFile> files = DiskAction.openAll(disk);
        for (DiskAction a : actions) {
            a.run(files);
        }
        files.get(0).sync(SyncMode.DATA);
        byte[] synced = disk.inspectLive(DiskAction.fileName(0)).orElseThrow();
        Map<Integer, byte[]> durableBefore = new TreeMap<>();
        for (int i = 1; i < DiskAction.FILES; i++) {
            durableBefore.put(i, disk.inspectDurable(DiskAction.fileName(i)).orElseThrow());
        }
        List<PendingOp> pending = disk.pendingOps();

        CrashImage image = disk.crashImage(policy.toSurvival(pending, model));

        assertArrayEquals(synced, image.disk().inspectDurable(DiskAction.fileName(0)).orElseThrow(),
                "synced file changed under " + policy);
        for (int i = 1; i < DiskAction.FILES; i++) {
            byte[] before = durableBefore.get(i);
            byte[] after = image.disk().inspectDurable(DiskAction.fileName(i)).orElseThrow();
            long untouchedEnd = untouchedPrefixEnd(pending, i, before.length);
            for (long b = 0; b < untouchedEnd; b++) {
                if (!touched(pending, i, b, model)) {
                    assertTrue(b < after.length, "durable byte " + b + " of file " + i + " vanished");
                    assertEquals(before[(int) b], after[(int) b], "durable byte " + b + " of file " + i
                            + " changed though no pending op touched it, under " + policy);
                }
            }
        }
    }

    /** The same seeds give byte-identical crash images, fates and traces. */
    @Property(tries = 100)
    void sameSeedGivesIdenticalCrashImages(@ForAll("workloads") @Size(max = 40) List<DiskAction> actions,
                                           @ForAll long seed) throws IOException {
        Run first = runWithFaults(actions, seed);
        Run second = runWithFaults(actions, seed);
        assertEquals(first.trace, second.trace);
        assertEquals(first.fates, second.fates);
        assertEquals(first.names, second.names);
        assertEquals(first.files.keySet(), second.files.keySet());
        for (String name : first.files.keySet()) {
            assertArrayEquals(first.files.get(name), second.files.get(name), name);
        }
    }

    /** A crash image shares nothing writable with its parent: writes to either never show in the other. */
    @Property(tries = 100)
    void crashImageIsIndependentOfItsParent(@ForAll("workloads") @Size(max = 30) List<DiskAction> before,
                                            @ForAll("workloads") @Size(max = 30) List<DiskAction> afterOnParent,
                                            @ForAll("workloads") @Size(max = 30) List<DiskAction> afterOnImage)
            throws IOException {
        SimDisk parent = new SimDisk(3);
        List<VfsFile> parentFiles = DiskAction.openAll(parent);
        for (DiskAction a : before) {
            a.run(parentFiles);
        }
        CrashImage image = parent.crashImage(new Survival.KeepAll());
        Map<String, byte[]> parentLive = contents(parent, true);
        Map<String, byte[]> parentDurable = contents(parent, false);
        Map<String, byte[]> imageContent = contents(image.disk(), false);

        for (DiskAction a : afterOnParent) {
            a.run(parentFiles);
        }
        for (VfsFile f : parentFiles) {
            f.sync(SyncMode.FULL);
        }
        assertContentEquals(imageContent, contents(image.disk(), false), "image changed by parent writes");

        List<VfsFile> imageFiles = new ArrayList<>();
        for (int i = 0; i < DiskAction.FILES; i++) {
            imageFiles.add(image.disk().open(DiskAction.fileName(i)));
        }
        Map<String, byte[]> parentAfter = contents(parent, true);
        for (DiskAction a : afterOnImage) {
            a.run(imageFiles);
        }
        for (VfsFile f : imageFiles) {
            f.sync(SyncMode.FULL);
        }
        assertContentEquals(parentAfter, contents(parent, true), "parent changed by image writes");
        if (afterOnParent.isEmpty()) {
            assertContentEquals(parentLive, parentAfter, "parent changed with no writes");
        }
        assertTrue(parentDurable.size() == DiskAction.FILES);
    }

    // ------------------------------------------------------------------ generators and helpers

    @Provide
    Arbitrary<List<DiskAction>> workloads() {
        return DiskAction.any().list();
    }

    @Provide
    Arbitrary<DiskModel> models() {
        return Arbitraries.of(MODELS);
    }

    /** A survival policy drawn independently of the pending list, resolved once the list is known. */
    record PolicyChoice(String kind, long seed) {
        Survival toSurvival(List<PendingOp> pending, DiskModel model) {
            SplittableRandom random = new SplittableRandom(seed);
            int n = pending.size();
            return switch (kind) {
                case "loseAll" -> new Survival.LoseAll();
                case "keepAll" -> new Survival.KeepAll();
                case "prefix" -> new Survival.KeepPrefix(random.nextInt(n + 1));
                case "subset" -> {
                    TreeSet<Integer> kept = new TreeSet<>();
                    for (int i = 0; i < n; i++) {
                        if (random.nextBoolean()) {
                            kept.add(i);
                        }
                    }
                    yield new Survival.KeepSubset(kept);
                }
                case "tear" -> {
                    List<Integer> writes = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if (pending.get(i) instanceof PendingOp.Write) {
                            writes.add(i);
                        }
                    }
                    if (writes.isEmpty()) {
                        yield new Survival.LoseAll();
                    }
                    int index = writes.get(random.nextInt(writes.size()));
                    int units = TornWrite.unitCount((PendingOp.Write) pending.get(index), model);
                    List<SectorFate> fates = new ArrayList<>();
                    List<SectorFate> possible = TornWrite.possibleFates(model, true);
                    for (int u = 0; u < units; u++) {
                        fates.add(possible.get(random.nextInt(possible.size())));
                    }
                    yield new Survival.TearOne(index, fates);
                }
                default -> new Survival.Random(seed, 0.5, 0.3);
            };
        }
    }

    @Provide
    Arbitrary<PolicyChoice> policies() {
        return Combinators.combine(Arbitraries.of("loseAll", "keepAll", "prefix", "subset", "tear", "random"),
                Arbitraries.longs()).as(PolicyChoice::new);
    }

    /**
     * The end of the range of file {@code file} in which durable bytes must survive: pending
     * truncates may cut the file anywhere down to their size.
     */
    private static long untouchedPrefixEnd(List<PendingOp> pending, int file, long durableSize) {
        long end = durableSize;
        for (PendingOp op : pending) {
            if (op instanceof PendingOp.Resize r && r.path().equals(DiskAction.fileName(file)) && !r.growOnly()) {
                end = Math.min(end, r.size());
            }
        }
        return end;
    }

    /** Whether a pending write to {@code file} could change byte {@code b} (a torn unit may garble its whole unit). */
    private static boolean touched(List<PendingOp> pending, int file, long b, DiskModel model) {
        int unit = model.tearUnit();
        for (PendingOp op : pending) {
            if (op instanceof PendingOp.Write w && w.path().equals(DiskAction.fileName(file))) {
                long from = model.powersafeOverwrite() ? w.offset() : w.offset() / unit * unit;
                long to = model.powersafeOverwrite() ? w.end() : (w.end() + unit - 1) / unit * unit;
                if (b >= from && b < to) {
                    return true;
                }
            }
        }
        return false;
    }

    private record Run(String trace, List<OpFate> fates, List<String> names, Map<String, byte[]> files) {
    }

    private static Run runWithFaults(List<DiskAction> actions, long seed) throws IOException {
        SimDiskConfig config = new SimDiskConfig(DiskModel.WORST_CASE, seed, Long.MAX_VALUE);
        FaultRates rates = FaultRates.swarm(seed, 0.3);
        SimDisk disk = new SimDisk(config, new RandomFaultPlan(seed, rates, 512));
        try {
            List<VfsFile> files = DiskAction.openAll(disk);
            for (DiskAction a : actions) {
                try {
                    a.run(files);
                } catch (dev.crashbench.vfs.ErrnoException expected) {
                    // injected; the workload goes on, as an engine that handles errors would
                }
            }
        } catch (dev.crashbench.vfs.ErrnoException | PowerCutException stopped) {
            // an injected error while opening, or the power went: the crash image is what matters
        }
        CrashImage image = disk.crashImage(new Survival.Random(seed, 0.5, 0.3));
        SimDisk d = image.disk();
        return new Run(disk.trace().describe(), image.fates(), d.list(""), contents(d, false));
    }

    /** Every file's bytes, live or durable, by name; reads through inspect, so no steps are taken. */
    private static Map<String, byte[]> contents(SimDisk disk, boolean live) {
        Map<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < DiskAction.FILES; i++) {
            String name = DiskAction.fileName(i);
            (live ? disk.inspectLive(name) : disk.inspectDurable(name)).ifPresent(b -> out.put(name, b));
        }
        return out;
    }

    private static void assertContentEquals(Map<String, byte[]> expected, Map<String, byte[]> actual, String why) {
        assertEquals(expected.keySet(), actual.keySet(), why);
        for (String name : expected.keySet()) {
            assertTrue(Arrays.equals(expected.get(name), actual.get(name)), why + ": " + name);
        }
    }
}
