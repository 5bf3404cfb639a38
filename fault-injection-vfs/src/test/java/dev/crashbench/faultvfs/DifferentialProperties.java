package dev.crashbench.faultvfs;

import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.Backend;
import dev.crashbench.vfs.local.FileSystemType;
import dev.crashbench.vfs.local.LocalVfs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With no faults, SimDisk behaves like the real file system: random sequences of VFS calls
 * give the same results, errors (by errno) and bytes on SimDisk and on {@link LocalVfs} in a
 * directory under {@code target/}, with each of the real VFS's backends.
 */
class DifferentialProperties {
    private static final Path BASE = Paths.get("target", "differential").toAbsolutePath();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<String> FILE_NAMES = List.of("a", "b", "d/x");
    private static final List<String> ALL_NAMES = List.of("a", "b", "d", "d/x");

    /** One VFS call, described by its fields so a shrunk counterexample reads as a script. */
    sealed interface Call {
        /** Runs the call and returns what it returned, comparable across implementations. */
        String run(Vfs vfs, List<VfsFile> handles) throws IOException;
    }

    record Open(String path, List<OpenOption> options) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            handles.add(vfs.open(path, options.toArray(new OpenOption[0])));
            return "opened";
        }
    }

    record Write(int handle, long offset, int length, byte fill) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            byte[] data = new byte[length];
            Arrays.fill(data, fill);
            ByteBuffer src = ByteBuffer.wrap(data);
            pick(handles, handle).writeFully(offset, src);
            return "wrote " + src.position();
        }
    }

    record Read(int handle, long offset, int length) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            ByteBuffer dst = ByteBuffer.allocate(length);
            int n = pick(handles, handle).read(offset, dst);
            return "read " + n + " " + Arrays.hashCode(Arrays.copyOf(dst.array(), n));
        }
    }

    record Truncate(int handle, long size) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            pick(handles, handle).truncate(size);
            return "truncated";
        }
    }

    record Allocate(int handle, long size) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            pick(handles, handle).allocate(size);
            return "allocated";
        }
    }

    record FileSize(int handle) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            return "size " + pick(handles, handle).size();
        }
    }

    record Sync(int handle, SyncMode mode) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            pick(handles, handle).sync(mode);
            return "synced";
        }
    }

    record Close(int handle) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            if (handles.isEmpty()) {
                return "no handle";
            }
            handles.remove(Math.floorMod(handle, handles.size())).close();
            return "closed";
        }
    }

    record Exists(String path) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            return "exists " + vfs.exists(path);
        }
    }

    record Delete(String path) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            vfs.delete(path);
            return "deleted";
        }
    }

    record Rename(String from, String to) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            vfs.rename(from, to);
            return "renamed";
        }
    }

    record Mkdir() implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            vfs.createDirectory("d");
            return "made d";
        }
    }

    record SyncDir(String path) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            vfs.syncDirectory(path);
            return "synced dir";
        }
    }

    record ListDir(String path) implements Call {
        public String run(Vfs vfs, List<VfsFile> handles) throws IOException {
            return "list " + vfs.list(path);
        }
    }

    private static VfsFile pick(List<VfsFile> handles, int index) throws ErrnoException {
        if (handles.isEmpty()) {
            throw new ErrnoException(dev.crashbench.vfs.Errno.EBADF, "test", "-", "no open handle");
        }
        return handles.get(Math.floorMod(index, handles.size()));
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void simDiskBehavesLikeTheRealFileSystem(@ForAll("calls") @Size(max = 40) List<Call> script,
                                             @ForAll Backend backend) throws IOException {
        // Start with an open file so short scripts do more than fail with EBADF.
        List<Call> calls = new ArrayList<>();
        calls.add(new Open("a", List.of(OpenOption.CREATE)));
        calls.addAll(script);
        net.jqwik.api.Assume.that(backend != Backend.JNA || Backend.jnaAvailable());
        Path dir = BASE.resolve("run-" + RUNS.incrementAndGet());
        Files.createDirectories(dir);
        assertFalse(FileSystemType.isMemoryBacked(dir), "differential tests must run on a real disk: " + dir);
        try {
            List<String> real = runAll(LocalVfs.at(dir, dev.crashbench.vfs.DiskModel.WORST_CASE, backend), calls);
            List<String> simulated = runAll(new SimDisk(1), calls);
            for (int i = 0; i < calls.size(); i++) {
                assertEquals(real.get(i), simulated.get(i), "call " + i + " " + calls.get(i) + " on " + backend
                        + "\nreal:      " + real + "\nsimulated: " + simulated);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static List<String> runAll(Vfs vfs, List<Call> calls) throws IOException {
        List<VfsFile> handles = new ArrayList<>();
        List<String> results = new ArrayList<>();
        try {
            for (Call call : calls) {
                String result;
                try {
                    result = call.run(vfs, handles);
                } catch (ErrnoException e) {
                    result = "error " + e.errno();
                }
                results.add(result);
            }
        } finally {
            for (VfsFile f : handles) {
                f.close();
            }
        }
        return results;
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<String> file = Arbitraries.of(FILE_NAMES);
        Arbitrary<String> any = Arbitraries.of(ALL_NAMES);
        Arbitrary<String> dir = Arbitraries.of("", "d");
        Arbitrary<Integer> handle = Arbitraries.integers().between(0, 5);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 12_000);
        Arbitrary<List<OpenOption>> options = Arbitraries.of(
                List.of(OpenOption.CREATE), List.of(OpenOption.CREATE_NEW), List.of(),
                List.of(OpenOption.READ_ONLY), List.of(OpenOption.CREATE, OpenOption.DSYNC));
        return Arbitraries.<Call>frequencyOf(
                Tuple.<Integer, Arbitrary<? extends Call>>of(4, Combinators.combine(file, options).as(Open::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(6, Combinators.combine(handle, offset, Arbitraries.integers().between(1, 6000),
                        Arbitraries.bytes()).as(Write::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(3, Combinators.combine(handle, offset, Arbitraries.integers().between(1, 6000))
                        .as(Read::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, Combinators.combine(handle, offset).as(Truncate::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, Combinators.combine(handle, offset).as(Allocate::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, handle.map(FileSize::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, Combinators.combine(handle, Arbitraries.of(SyncMode.class)).as(Sync::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, handle.map(Close::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, any.map(Exists::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, any.map(Delete::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, Combinators.combine(file, file).as(Rename::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, Arbitraries.just(new Mkdir())),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, dir.map(SyncDir::new)),
                Tuple.<Integer, Arbitrary<? extends Call>>of(1, dir.map(ListDir::new))
        ).list();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
