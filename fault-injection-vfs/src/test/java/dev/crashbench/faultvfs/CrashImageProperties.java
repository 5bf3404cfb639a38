package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties every crash image must have, whatever the workload and the survival policy. */
class CrashImageProperties {

    private static final List<DiskModel> MODELS = List.of(DiskModel.WORST_CASE, DiskModel.SSD_4K,
            new DiskModel(512, 4096, true, true));

    /**
     * Synced data survives every survival policy: after a random workload of data actions
     * (plain and O_DSYNC writes, stores through mappings and range syncs, truncates,
     * allocations, syncs) on f0..f2, f0 is synced. In every crash image f0 equals what the
     * program saw, and in f1 and f2 every durable byte no pending op can touch is unchanged.
     */
    @Property(tries = 500)
    void syncedDataSurvivesEverySurvivalPolicy(@ForAll("dataScripts") List<DiskAction> actions,
                                               @ForAll("policies") PolicyChoice policy,
                                               @ForAll("models") DiskModel model) throws IOException {
        SimDisk disk = new SimDisk(new SimDiskConfig(model, 7, Long.MAX_VALUE), FaultPlan.NONE);
        Rig rig = Rig.start(disk);
        rig.runAll(actions);
        try (VfsFile f0 = disk.open(DiskAction.fileName(0), OpenOption.READ_ONLY)) {
            f0.sync(SyncMode.DATA); // f0's content survives the cut below, whatever the policy
        }
        byte[] synced = disk.inspectLive(DiskAction.fileName(0)).orElseThrow();
        Map<Integer, byte[]> durableBefore = new TreeMap<>();
        for (int i = 1; i < DiskAction.ROOT_FILES; i++) {
            durableBefore.put(i, disk.inspectDurable(DiskAction.fileName(i)).orElseThrow());
        }
        List<PendingOp> pending = disk.pendingOps();

        CrashImage image = disk.crashImage(policy.toSurvival(pending, model));

        assertArrayEquals(synced, image.disk().inspectDurable(DiskAction.fileName(0)).orElseThrow(),
                "synced file changed under " + policy);
        for (int i = 1; i < DiskAction.ROOT_FILES; i++) {
            byte[] before = durableBefore.get(i);
            byte[] after = image.disk().inspectDurable(DiskAction.fileName(i)).orElseThrow();
            int untouchedEnd = (int) untouchedPrefixEnd(pending, i, before.length);
            boolean[] touched = touched(pending, i, untouchedEnd, model);
            for (int b = 0; b < untouchedEnd; b++) {
                if (!touched[b]) {
                    assertTrue(b < after.length, "durable byte " + b + " of file " + i + " vanished");
                    assertEquals(before[b], after[b], "durable byte " + b + " of file " + i
                            + " changed though no pending op touched it, under " + policy);
                }
            }
        }
    }

    /**
     * A crash image shares nothing writable with the disk it came from, nor with its own crash
     * images: whatever one disk of the family does, the live state, durable state, pending list
     * and step counter of every other stay as they were. The parent runs a workload (and maybe
     * syncs everything, so nothing is pending) and yields an image under a random policy; then
     * <ol>
     *   <li>the parent writes and syncs everything: the image is unchanged;</li>
     *   <li>the image runs a workload and yields an image of its own (the grandchild), then
     *       syncs everything: the grandchild and the parent are unchanged;</li>
     *   <li>the parent writes and syncs everything again: the image and the grandchild are unchanged;</li>
     *   <li>the grandchild writes and syncs everything: the image and the parent are unchanged.</li>
     * </ol>
     */
    @Property(tries = 800)
    void crashImagesAreIndependentOfTheirAncestors(@ForAll("shortScripts") List<DiskAction> beforeImage,
                                                   @ForAll boolean syncBeforeImage,
                                                   @ForAll("policies") PolicyChoice imagePolicy,
                                                   @ForAll("shortScripts") List<DiskAction> onParent,
                                                   @ForAll("shortScripts") List<DiskAction> onImage,
                                                   @ForAll("policies") PolicyChoice grandchildPolicy,
                                                   @ForAll("shortScripts") List<DiskAction> onGrandchild,
                                                   @ForAll("models") DiskModel model) throws IOException {
        SimDisk parent = new SimDisk(new SimDiskConfig(model, 3, Long.MAX_VALUE), FaultPlan.NONE);
        Rig parentRig = Rig.start(parent);
        parentRig.runAll(beforeImage);
        if (syncBeforeImage) {
            parentRig.syncEverything(parent);
        }
        SimDisk image = parent.crashImage(imagePolicy.toSurvival(parent.pendingOps(), model)).disk();
        DiskSnapshot imageAtBirth = DiskSnapshot.of(image);

        parentRig.runAll(onParent);
        parentRig.syncEverything(parent);
        imageAtBirth.assertUnchanged(DiskSnapshot.of(image), "image after its parent wrote and synced");
        DiskSnapshot parentNow = DiskSnapshot.of(parent);

        Rig imageRig = Rig.start(image);
        imageRig.runAll(onImage);
        SimDisk grandchild = image.crashImage(grandchildPolicy.toSurvival(image.pendingOps(), model)).disk();
        DiskSnapshot grandchildAtBirth = DiskSnapshot.of(grandchild);
        imageRig.syncEverything(image);
        grandchildAtBirth.assertUnchanged(DiskSnapshot.of(grandchild), "grandchild after its parent synced");
        parentNow.assertUnchanged(DiskSnapshot.of(parent), "parent after its image wrote and synced");
        DiskSnapshot imageNow = DiskSnapshot.of(image);

        parentRig.runAll(onParent);
        parentRig.syncEverything(parent);
        grandchildAtBirth.assertUnchanged(DiskSnapshot.of(grandchild), "grandchild after its grandparent wrote");
        imageNow.assertUnchanged(DiskSnapshot.of(image), "image after its parent wrote again");
        parentNow = DiskSnapshot.of(parent);

        Rig grandchildRig = Rig.start(grandchild);
        grandchildRig.runAll(onGrandchild);
        grandchildRig.syncEverything(grandchild);
        imageNow.assertUnchanged(DiskSnapshot.of(image), "image after its own image wrote and synced");
        parentNow.assertUnchanged(DiskSnapshot.of(parent), "parent after its image's image wrote and synced");
    }

    // ------------------------------------------------------------------ generators and helpers

    @Provide
    Arbitrary<List<DiskAction>> dataScripts() {
        return DiskAction.scripts(DiskAction.dataOnly(), 5, 60);
    }

    @Provide
    Arbitrary<List<DiskAction>> shortScripts() {
        return DiskAction.scripts(DiskAction.any(), 5, 30);
    }

    @Provide
    Arbitrary<DiskModel> models() {
        return Arbitraries.of(MODELS);
    }

    @Provide
    Arbitrary<PolicyChoice> policies() {
        return PolicyChoice.any();
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

    /**
     * Which of the first {@code length} bytes of {@code file} a pending write could change (a
     * torn unit may garble its whole unit).
     */
    private static boolean[] touched(List<PendingOp> pending, int file, int length, DiskModel model) {
        boolean[] out = new boolean[length];
        int unit = model.tearUnit();
        for (PendingOp op : pending) {
            if (op instanceof PendingOp.Write w && w.path().equals(DiskAction.fileName(file))) {
                long from = model.powersafeOverwrite() ? w.offset() : w.offset() / unit * unit;
                long to = model.powersafeOverwrite() ? w.end() : (w.end() + unit - 1) / unit * unit;
                Arrays.fill(out, (int) Math.min(from, length), (int) Math.min(to, length), true);
            }
        }
        return out;
    }
}
