package dev.crashbench.faultvfs;

import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a random workload, as a value that describes itself, so a shrunk jqwik
 * counterexample reads like a script. Actions run against a {@link Rig}: a VFS with a few
 * handle slots and a few mapped-region slots. An action on an empty slot does nothing.
 *
 * <p>Names come from a small fixed universe so that renames replace, creates collide and
 * deletes hit: the files of {@link #FILE_NAMES} in the root and in the nested directories of
 * {@link #DIRECTORIES}. {@link Rig#start} creates the root files {@code f0..f2} in slots 0..2.
 * Directories are never renamed (SimDisk does not model it).
 *
 * <p>Written bytes are {@code fill + i} for the i-th byte of a write, so a slice of a write
 * that lands at the wrong place, or a stale slice, shows in the content.
 */
sealed interface DiskAction {
    /** Directories a workload may create, parents first. */
    List<String> DIRECTORIES = List.of("d", "d/s");
    /** Every file name a workload may use; the first {@link #ROOT_FILES} exist from the start. */
    List<String> FILE_NAMES = List.of("f0", "f1", "f2", "d/g0", "d/g1", "d/s/h");
    /** How many files {@link Rig#start} creates (f0, f1, f2) and opens in slots 0, 1, 2. */
    int ROOT_FILES = 3;
    int HANDLE_SLOTS = 4;
    int REGION_SLOTS = 2;
    long MAX_OFFSET = 20_000;
    int MAX_LENGTH = 9_000;

    static String fileName(int index) {
        return "f" + index;
    }

    void run(Rig rig) throws IOException;

    /** The bytes an action writes: {@code fill + i}. */
    static byte[] pattern(int length, byte fill) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (fill + i);
        }
        return data;
    }

    /** pwrite of {@code length} pattern bytes at {@code offset}, retried after short writes. */
    record Write(int slot, long offset, int length, byte fill) implements DiskAction {
        public void run(Rig rig) throws IOException {
            VfsFile file = rig.handle(slot);
            if (file != null) {
                file.writeFully(offset, ByteBuffer.wrap(pattern(length, fill)));
            }
        }
    }

    record Sync(int slot, SyncMode mode) implements DiskAction {
        public void run(Rig rig) throws IOException {
            VfsFile file = rig.handle(slot);
            if (file != null) {
                file.sync(mode); // the workload's own sync: what it protects is up to the property
            }
        }
    }

    record Truncate(int slot, long size) implements DiskAction {
        public void run(Rig rig) throws IOException {
            VfsFile file = rig.handle(slot);
            if (file != null) {
                file.truncate(size);
            }
        }
    }

    record Allocate(int slot, long size) implements DiskAction {
        public void run(Rig rig) throws IOException {
            VfsFile file = rig.handle(slot);
            if (file != null) {
                file.allocate(size);
            }
        }
    }

    /**
     * Closes the slot's handle (never a sync), then opens {@code path} with CREATE, and with
     * {@code dsync} O_DSYNC, into the slot. A failed open leaves the slot empty.
     */
    record Open(int slot, String path, boolean dsync) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.setHandle(slot, null);
            rig.setHandle(slot, dsync ? rig.vfs().open(path, OpenOption.CREATE, OpenOption.DSYNC)
                    : rig.vfs().open(path, OpenOption.CREATE));
        }
    }

    record Close(int slot) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.setHandle(slot, null);
        }
    }

    /**
     * Unmaps the region slot, then maps {@code [offset, offset + length)} of the slot's file
     * into it, first growing the file with an allocation when it is shorter (fallocate, then
     * mmap: how engines map a file they are about to fill). Steps: size, maybe allocate, map.
     */
    record Map(int slot, int region, long offset, int length) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.setRegion(region, null);
            VfsFile file = rig.handle(slot);
            if (file == null) {
                return;
            }
            if (file.size() < offset + length) {
                file.allocate(offset + length);
            }
            rig.setRegion(region, file.map(offset, length));
        }
    }

    /**
     * A store of pattern bytes through the mapping, clipped to the region (EFAULT when the file
     * has been truncated below it).
     */
    record MappedWrite(int region, int position, int length, byte fill) implements DiskAction {
        public void run(Rig rig) throws IOException {
            MappedRegion r = rig.region(region);
            if (r != null) {
                int at = position % r.length();
                r.write(at, ByteBuffer.wrap(pattern(Math.min(length, r.length() - at), fill)));
            }
        }
    }

    /** msync of a range of the region, clipped to it. */
    record MappedSync(int region, int position, int length) implements DiskAction {
        public void run(Rig rig) throws IOException {
            MappedRegion r = rig.region(region);
            if (r != null) {
                int at = position % r.length();
                r.sync(at, Math.min(length, r.length() - at));
            }
        }
    }

    record Unmap(int region) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.setRegion(region, null);
        }
    }

    record Mkdir(String path) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.vfs().createDirectory(path);
        }
    }

    record Delete(String path) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.vfs().delete(path);
        }
    }

    /** A rename of one file name over another (which may exist, and is then replaced). */
    record Rename(String from, String to) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.vfs().rename(from, to);
        }
    }

    record SyncDir(String path) implements DiskAction {
        public void run(Rig rig) throws IOException {
            rig.vfs().syncDirectory(path);
        }
    }

    // ------------------------------------------------------------------ generators

    /** Every kind of action: data, O_DSYNC handles, mappings and name operations. */
    static Arbitrary<DiskAction> any() {
        return actions(FILE_NAMES, true);
    }

    /**
     * Data actions on the root files only ({@code f0..f2}, which stay where they are): writes,
     * syncs, truncates, allocations, mappings, and reopening with or without O_DSYNC.
     */
    static Arbitrary<DiskAction> dataOnly() {
        return actions(FILE_NAMES.subList(0, ROOT_FILES), false);
    }

    /** Scripts of {@code min..max} actions, lengths uniform so long scripts are as common as short ones. */
    static Arbitrary<List<DiskAction>> scripts(Arbitrary<DiskAction> action, int min, int max) {
        return action.list().ofMinSize(min).ofMaxSize(max).withSizeDistribution(RandomDistribution.uniform());
    }

    @SuppressWarnings("unchecked") // a generic array of weighted choices for frequencyOf
    private static Arbitrary<DiskAction> actions(List<String> openable, boolean nameOps) {
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, HANDLE_SLOTS - 1);
        Arbitrary<Integer> region = Arbitraries.integers().between(0, REGION_SLOTS - 1);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, MAX_OFFSET);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, MAX_LENGTH);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, MAX_LENGTH);
        Arbitrary<String> file = Arbitraries.of(FILE_NAMES);
        List<String> anyName = new ArrayList<>(FILE_NAMES);
        anyName.addAll(DIRECTORIES);
        List<String> dirs = new ArrayList<>(List.of(""));
        dirs.addAll(DIRECTORIES);

        List<Tuple.Tuple2<Integer, Arbitrary<? extends DiskAction>>> choices = new ArrayList<>(List.of(
                weight(8, Combinators.combine(slot, offset, length, Arbitraries.bytes()).as(Write::new)),
                weight(3, Combinators.combine(slot, Arbitraries.of(SyncMode.class)).as(Sync::new)),
                weight(1, Combinators.combine(slot, offset).as(Truncate::new)),
                weight(1, Combinators.combine(slot, offset).as(Allocate::new)),
                weight(3, Combinators.combine(slot, Arbitraries.of(openable), Arbitraries.of(true, false))
                        .as(Open::new)),
                weight(1, slot.map(Close::new)),
                weight(4, Combinators.combine(slot, region, offset, length).as(Map::new)),
                weight(6, Combinators.combine(region, position, length, Arbitraries.bytes()).as(MappedWrite::new)),
                weight(3, Combinators.combine(region, position, length).as(MappedSync::new)),
                weight(1, region.map(Unmap::new))));
        if (nameOps) {
            choices.add(weight(2, Arbitraries.of(DIRECTORIES).map(Mkdir::new)));
            choices.add(weight(2, Arbitraries.of(anyName).map(Delete::new)));
            choices.add(weight(3, Combinators.combine(file, file).as(Rename::new)));
            choices.add(weight(3, Arbitraries.of(dirs).map(SyncDir::new)));
        }
        return (Arbitrary<DiskAction>) Arbitraries.frequencyOf(choices.toArray(Tuple.Tuple2[]::new));
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends DiskAction>> weight(int weight,
                                                                               Arbitrary<? extends DiskAction> a) {
        return Tuple.of(weight, a);
    }
}
