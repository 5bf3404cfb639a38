package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Small helpers shared by the SimDisk tests: byte patterns, whole-file reads, crash shortcuts. */
final class SimDiskTesting {
    /** The seed of every test disk (torn-sector garbage is drawn from it). */
    static final long SEED = 42;

    static final Survival LOSE_ALL = new Survival.LoseAll();
    static final Survival KEEP_ALL = new Survival.KeepAll();

    private SimDiskTesting() {
    }

    static SimDisk newDisk(DiskModel model, FaultPlan plan) {
        return new SimDisk(new SimDiskConfig(model, SEED, Long.MAX_VALUE), plan);
    }

    static SimDisk newDisk(FaultPlan plan) {
        return newDisk(DiskModel.WORST_CASE, plan);
    }

    /** {@code length} copies of {@code c}. */
    static byte[] filled(int length, char c) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) c);
        return out;
    }

    static byte[] zeros(int length) {
        return new byte[length];
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** {@code bytes[from, to)}. */
    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    static void write(VfsFile file, long offset, byte[] data) throws IOException {
        file.writeFully(offset, ByteBuffer.wrap(data));
    }

    static byte[] read(VfsFile file, long offset, int length) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(length);
        file.readFully(offset, dst);
        return dst.array();
    }

    /** The whole file as the VFS's readers see it, opened read-only and closed again (three steps on a SimDisk). */
    static byte[] readAll(Vfs vfs, String path) throws IOException {
        try (VfsFile file = vfs.open(path, OpenOption.READ_ONLY)) {
            long size = file.size();
            return read(file, 0, Math.toIntExact(size));
        }
    }

    /** Creates {@code path} holding {@code content}, syncs the data and the parent directory; the handle stays open. */
    static VfsFile createDurable(SimDisk disk, String path, byte[] content) throws IOException {
        VfsFile file = disk.open(path, OpenOption.CREATE);
        write(file, 0, content);
        file.sync(SyncMode.DATA); // the content survives a cut
        disk.syncDirectory(VfsPaths.parent(path)); // the new name survives a cut
        return file;
    }

    /** The disk a reboot finds after a cut now, with {@code survival} deciding the pending operations. */
    static SimDisk crash(SimDisk disk, Survival survival) {
        return disk.crashImage(survival).disk();
    }

    /** The durable bytes of {@code path}, which must have a durable name. */
    static byte[] durable(SimDisk disk, String path) {
        Optional<byte[]> bytes = disk.inspectDurable(path);
        return bytes.orElseThrow(() -> new AssertionError("no durable file at " + path));
    }

    static byte[] live(SimDisk disk, String path) {
        return disk.inspectLive(path).orElseThrow(() -> new AssertionError("no live file at " + path));
    }

    static void assertBytes(byte[] expected, byte[] actual) {
        assertArrayEquals(expected, actual, () -> "expected " + expected.length + " bytes, got " + actual.length);
    }

    /**
     * A fault plan the test arms one call at a time ({@link #armNext}): a pure function of the
     * step number, like every plan must be.
     */
    static final class ArmedPlan implements FaultPlan {
        private final Map<Integer, Fault> faults = new HashMap<>();

        /** The next call on {@code disk} gets {@code fault}. */
        void armNext(SimDisk disk, Fault fault) {
            faults.put(disk.step(), fault);
        }

        /** Forgets every armed fault. */
        void clear() {
            faults.clear();
        }

        @Override
        public Optional<Fault> decide(OpContext context) {
            return Optional.ofNullable(faults.get(context.step()));
        }
    }
}
