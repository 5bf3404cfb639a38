package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A data operation on one of a few files, as a value that describes itself, so a shrunk
 * jqwik counterexample reads like a script.
 */
sealed interface DiskAction {
    int FILES = 3;

    static String fileName(int index) {
        return "f" + index;
    }

    void run(List<VfsFile> files) throws IOException;

    record Write(int file, long offset, int length, byte fill) implements DiskAction {
        public void run(List<VfsFile> files) throws IOException {
            byte[] data = new byte[length];
            Arrays.fill(data, fill);
            files.get(file).writeFully(offset, ByteBuffer.wrap(data));
        }
    }

    record Sync(int file, SyncMode mode) implements DiskAction {
        public void run(List<VfsFile> files) throws IOException {
            files.get(file).sync(mode);
        }
    }

    record Truncate(int file, long size) implements DiskAction {
        public void run(List<VfsFile> files) throws IOException {
            files.get(file).truncate(size);
        }
    }

    record Allocate(int file, long size) implements DiskAction {
        public void run(List<VfsFile> files) throws IOException {
            files.get(file).allocate(size);
        }
    }

    /** Opens (creating) every file and syncs the root directory, so the names are durable. */
    static List<VfsFile> openAll(dev.crashbench.vfs.Vfs vfs) throws IOException {
        VfsFile[] files = new VfsFile[FILES];
        for (int i = 0; i < FILES; i++) {
            files[i] = vfs.open(fileName(i), OpenOption.CREATE);
        }
        vfs.syncDirectory("");
        return List.of(files);
    }

    static Arbitrary<DiskAction> any() {
        Arbitrary<Integer> file = Arbitraries.integers().between(0, FILES - 1);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 20_000);
        Arbitrary<DiskAction> write = Combinators.combine(file, offset, Arbitraries.integers().between(1, 9_000),
                Arbitraries.bytes()).as(Write::new);
        Arbitrary<DiskAction> sync = Combinators.combine(file, Arbitraries.of(SyncMode.class)).as(Sync::new);
        Arbitrary<DiskAction> truncate = Combinators.combine(file, offset).as(Truncate::new);
        Arbitrary<DiskAction> allocate = Combinators.combine(file, offset).as(Allocate::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, write),
                net.jqwik.api.Tuple.of(3, sync),
                net.jqwik.api.Tuple.of(1, truncate),
                net.jqwik.api.Tuple.of(1, allocate));
    }
}
