package dev.crashbench.faultvfs;

import dev.crashbench.faultvfs.DiskAction.Allocate;
import dev.crashbench.faultvfs.DiskAction.Close;
import dev.crashbench.faultvfs.DiskAction.Delete;
import dev.crashbench.faultvfs.DiskAction.MappedSync;
import dev.crashbench.faultvfs.DiskAction.MappedWrite;
import dev.crashbench.faultvfs.DiskAction.Mkdir;
import dev.crashbench.faultvfs.DiskAction.Open;
import dev.crashbench.faultvfs.DiskAction.Rename;
import dev.crashbench.faultvfs.DiskAction.Sync;
import dev.crashbench.faultvfs.DiskAction.SyncDir;
import dev.crashbench.faultvfs.DiskAction.Truncate;
import dev.crashbench.faultvfs.DiskAction.Unmap;
import dev.crashbench.faultvfs.DiskAction.Write;
import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.SyncMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One seed and one workload give the same run, byte for byte: the same faults at the same
 * steps, the same data in the trace, the same fates at the cut and the same crash image. Within
 * one JVM (a property over random workloads) and across JVMs, machines and versions (a golden
 * digest of a fixed run).
 */
class DeterminismProperties {

    /**
     * The seed of the golden run, chosen because its run injects every kind of fault (a power
     * cut at the end) and its crash image tears writes into all four unit fates, with garbage
     * that shows in a surviving file.
     */
    static final long GOLDEN_SEED = 57_331;

    /**
     * SHA-256 of the golden run ({@link TraceDigest#sha256}): every trace entry with its data
     * bytes and fault, the fates at the cut, and every name and byte of the crash image.
     *
     * <p>If this test fails and neither {@link #GOLDEN_WORKLOAD} nor what its actions do
     * ({@link DiskAction}, {@link Rig}) changed, then SimDisk, its fault plans or its survival
     * policies now decide differently for the same seed and workload: every replay file
     * recorded before the change replays something else, or diverges. Say so in the change
     * log. To regenerate after a deliberate change, run {@code mvn -pl fault-injection-vfs test
     * -Dtest='DeterminismProperties#theGoldenRunHasNotChanged'} and paste the digest its failure
     * message prints ("but was").
     */
    static final String GOLDEN_SHA256 = "9bc4377bd48da768c045ead715da201bb8fcdf9099f2a4ed6259c607a8cc3e2b";

    /** A fixed workload that touches every kind of call: data, O_DSYNC, mappings, names. */
    static final List<DiskAction> GOLDEN_WORKLOAD = List.of(
            new Write(0, 0, 5000, (byte) 1),
            new Write(1, 100, 700, (byte) 2),
            new Mkdir("d"),
            new Open(3, "d/g0", false),
            new Write(3, 4000, 3000, (byte) 3),
            new SyncDir(""),
            new Sync(0, SyncMode.DATA),
            new DiskAction.Map(0, 0, 512, 4096),
            new MappedWrite(0, 10, 1000, (byte) 4),
            new Open(2, "f2", true),
            new Write(2, 0, 1500, (byte) 5),
            new MappedSync(0, 0, 2048),
            new Truncate(1, 300),
            new Rename("f1", "d/g1"),
            new Allocate(0, 12_000),
            new Write(0, 11_000, 2500, (byte) 6),
            new SyncDir("d"),
            new Mkdir("d/s"),
            new Open(1, "d/s/h", true),
            new Write(1, 0, 600, (byte) 7),
            new Delete("f0"),
            new Write(0, 200, 800, (byte) 8),
            new Sync(3, SyncMode.FULL),
            new Rename("d/g0", "f0"),
            new DiskAction.Map(3, 1, 0, 8192),
            new MappedWrite(1, 4000, 3000, (byte) 9),
            new Unmap(0),
            new Close(0),
            new Write(2, 700, 2000, (byte) 10),
            new Truncate(2, 100),
            new Write(3, 9000, 4000, (byte) 11),
            new SyncDir(""),
            new Delete("d/s/h"),
            new Delete("d/s"),
            new Open(0, "f1", false),
            new Write(0, 0, 9000, (byte) 12),
            new MappedSync(1, 3000, 5000),
            new Sync(1, SyncMode.DATA),
            new Write(3, 100, 4500, (byte) 13),
            new Rename("f2", "f1"),
            new Write(0, 512, 1024, (byte) 14),
            new SyncDir("d"),
            new Write(0, 8000, 2000, (byte) 15),
            new Write(3, 0, 3000, (byte) 16));

    @Test
    void theGoldenRunHasNotChanged() throws IOException {
        Run run = run(GOLDEN_WORKLOAD, GOLDEN_SEED);
        String digest = TraceDigest.sha256(run.disk.trace(), run.image);
        assertEquals(GOLDEN_SHA256, digest, "SimDisk's decisions for seed " + GOLDEN_SEED + " changed; old replay"
                + " files no longer replay. The run now:\n" + run.disk.trace().describe() + run.image.describeFates());
    }

    /** Two runs of one random workload with one seed, in one JVM, agree on every byte. */
    @Property(tries = 400)
    void sameSeedGivesIdenticalRuns(@ForAll("scripts") List<DiskAction> actions, @ForAll long seed)
            throws IOException {
        Run first = run(actions, seed);
        Run second = run(actions, seed);
        List<byte[]> a = TraceDigest.encodeEntries(first.disk.trace());
        List<byte[]> b = TraceDigest.encodeEntries(second.disk.trace());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                TraceEntry x = first.disk.trace().get(i);
                TraceEntry y = second.disk.trace().get(i);
                fail("step " + i + " differs:\n  " + x.describe() + "\n  " + y.describe()
                        + (x.describe().equals(y.describe()) ? "\n  in its data, first at byte "
                        + Arrays.mismatch(x.data(), y.data()) : ""));
            }
        }
        assertEquals(a.size(), b.size(), "trace lengths");
        assertArrayEquals(TraceDigest.encodeFates(first.image), TraceDigest.encodeFates(second.image),
                "fates:\n" + first.image.describeFates() + "vs\n" + second.image.describeFates());
        assertArrayEquals(TraceDigest.encodeFiles(first.image.disk()), TraceDigest.encodeFiles(second.image.disk()),
                "crash image files");
    }

    @Provide
    Arbitrary<List<DiskAction>> scripts() {
        return DiskAction.scripts(DiskAction.any(), 5, 60);
    }

    record Run(SimDisk disk, CrashImage image) {
    }

    /**
     * Runs {@code actions} on a worst-case disk whose every random choice derives from {@code
     * seed}: swarm fault rates, the fault plan, torn-sector garbage and a random survival policy
     * at the end (or at the power cut).
     */
    static Run run(List<DiskAction> actions, long seed) throws IOException {
        SimDiskConfig config = new SimDiskConfig(DiskModel.WORST_CASE, seed, Long.MAX_VALUE);
        SimDisk disk = new SimDisk(config, new RandomFaultPlan(seed, FaultRates.swarm(seed, 0.3), 512));
        try {
            Rig.start(disk).runAll(actions);
        } catch (PowerCutException cut) {
            // the crash image is what matters
        }
        return new Run(disk, disk.crashImage(new Survival.Random(seed, 0.5, 0.3)));
    }
}
