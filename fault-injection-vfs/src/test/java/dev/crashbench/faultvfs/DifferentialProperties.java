package dev.crashbench.faultvfs;

import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;
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
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With no faults, SimDisk behaves like the real file system: random sequences of VFS calls,
 * mappings included, give the same results, errors (by errno) and bytes on SimDisk and on
 * {@link LocalVfs} in a directory under {@code target/}, with each of the real VFS's backends;
 * at the end every file reads back the same. Skipped when {@code target/} is on a memory-backed
 * file system (tmpfs), where a differential run would compare against a disk that is not one.
 *
 * <p>Known differences that are accepted, and so never generated: renaming a directory (SimDisk
 * answers EOPNOTSUPP), mapping through a read-only handle (SimDisk refuses with EACCES; the
 * real VFS maps read-only), a mapping of length 0, and loads or stores through a mapping past
 * the end of a file truncated below it (SIGBUS on the real disk). A mapped call whose file
 * handle is closed, or whose range lies past the file's end, is skipped the same way on both.
 */
class DifferentialProperties {
    private static final Path BASE = Paths.get("target", "differential").toAbsolutePath();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final List<String> FILE_NAMES = List.of("a", "b", "d/x");
    private static final List<String> ALL_NAMES = List.of("a", "b", "d", "d/x");
    private static final int REGION_SLOTS = 2;

    /** One open handle of a run, remembered with whether it is read-only and still open. */
    static final class Handle {
        final VfsFile file;
        final boolean readOnly;
        boolean closed;

        Handle(VfsFile file, boolean readOnly) {
            this.file = file;
            this.readOnly = readOnly;
        }
    }

    /** A mapped region and the handle it was mapped through. */
    record Region(MappedRegion region, Handle owner) {
    }

    /** The open handles and mapped regions of one run. */
    static final class Session {
        final List<Handle> handles = new ArrayList<>();
        final Region[] regions = new Region[REGION_SLOTS];

        Handle pick(int index) throws ErrnoException {
            if (handles.isEmpty()) {
                throw new ErrnoException(dev.crashbench.vfs.Errno.EBADF, "test", "-", "no open handle");
            }
            return handles.get(Math.floorMod(index, handles.size()));
        }

        void unmap(int slot) throws IOException {
            if (regions[slot] != null) {
                regions[slot].region().close();
                regions[slot] = null;
            }
        }
    }

    /** One VFS call, described by its fields so a shrunk counterexample reads as a script. */
    sealed interface Call {
        /** Runs the call and returns what it returned, comparable across implementations. */
        String run(Vfs vfs, Session session) throws IOException;
    }

    record Open(String path, List<OpenOption> options) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            session.handles.add(new Handle(vfs.open(path, options.toArray(new OpenOption[0])),
                    options.contains(OpenOption.READ_ONLY)));
            return "opened";
        }
    }

    record Write(int handle, long offset, int length, byte fill) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(DiskAction.pattern(length, fill));
            session.pick(handle).file.writeFully(offset, src);
            return "wrote " + src.position();
        }
    }

    record Read(int handle, long offset, int length) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            ByteBuffer dst = ByteBuffer.allocate(length);
            int n = session.pick(handle).file.read(offset, dst);
            return "read " + n + " " + Arrays.hashCode(Arrays.copyOf(dst.array(), n));
        }
    }

    record Truncate(int handle, long size) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            session.pick(handle).file.truncate(size);
            return "truncated";
        }
    }

    record Allocate(int handle, long size) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            session.pick(handle).file.allocate(size);
            return "allocated";
        }
    }

    record FileSize(int handle) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            return "size " + session.pick(handle).file.size();
        }
    }

    record Sync(int handle, SyncMode mode) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            session.pick(handle).file.sync(mode);
            return "synced";
        }
    }

    record Close(int handle) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            if (session.handles.isEmpty()) {
                return "no handle";
            }
            Handle h = session.handles.remove(Math.floorMod(handle, session.handles.size()));
            h.closed = true;
            h.file.close();
            return "closed";
        }
    }

    /**
     * mmap of {@code [offset, offset + length)} of a handle's file into a region slot, after
     * unmapping what was there. Not through a read-only handle (a known difference).
     */
    record Map(int handle, int slot, long offset, int length) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            session.unmap(slot);
            Handle h = session.pick(handle);
            if (h.readOnly) {
                return "skipped: read-only handle";
            }
            session.regions[slot] = new Region(h.file.map(offset, length), h);
            return "mapped";
        }
    }

    /** A store through a mapping, clipped to the region. */
    record MappedWrite(int slot, int position, int length, byte fill) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            Region r = session.regions[slot];
            String skip = skipMapped(r, position, length);
            if (skip != null) {
                return skip;
            }
            int at = position % r.region().length();
            byte[] data = DiskAction.pattern(Math.min(length, r.region().length() - at), fill);
            r.region().write(at, ByteBuffer.wrap(data));
            return "stored " + data.length;
        }
    }

    /** A load through a mapping, clipped to the region. */
    record MappedRead(int slot, int position, int length) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            Region r = session.regions[slot];
            String skip = skipMapped(r, position, length);
            if (skip != null) {
                return skip;
            }
            int at = position % r.region().length();
            ByteBuffer dst = ByteBuffer.allocate(Math.min(length, r.region().length() - at));
            r.region().read(at, dst);
            return "loaded " + Arrays.hashCode(dst.array());
        }
    }

    /** msync of a range of a region, clipped to it. */
    record MappedSync(int slot, int position, int length) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            Region r = session.regions[slot];
            String skip = skipMapped(r, position, length);
            if (skip != null) {
                return skip;
            }
            int at = position % r.region().length();
            r.region().sync(at, Math.min(length, r.region().length() - at));
            return "msynced";
        }
    }

    record Unmap(int slot) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            session.unmap(slot);
            return "unmapped";
        }
    }

    /**
     * Why a mapped call must not run, or null: no region, its handle closed (so the size cannot
     * be checked), or the clipped range past the file's end (SIGBUS on the real disk). The size
     * check is a call on both VFSs.
     */
    private static String skipMapped(Region r, int position, int length) throws IOException {
        if (r == null) {
            return "no region";
        }
        if (r.owner().closed) {
            return "skipped: handle closed";
        }
        int at = position % r.region().length();
        long end = r.region().fileOffset() + at + Math.min(length, r.region().length() - at);
        long size = r.owner().file.size();
        return end > size ? "skipped: past the end of the file (" + size + " B)" : null;
    }

    record Exists(String path) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            return "exists " + vfs.exists(path);
        }
    }

    record Delete(String path) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            vfs.delete(path);
            return "deleted";
        }
    }

    record Rename(String from, String to) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            vfs.rename(from, to);
            return "renamed";
        }
    }

    record Mkdir() implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            vfs.createDirectory("d");
            return "made d";
        }
    }

    record SyncDir(String path) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            vfs.syncDirectory(path);
            return "synced dir";
        }
    }

    record ListDir(String path) implements Call {
        public String run(Vfs vfs, Session session) throws IOException {
            return "list " + vfs.list(path);
        }
    }

    /** Skips the differential property, reported as skipped, when {@link #BASE} is on tmpfs or ramfs. */
    public static final class SkipOnMemoryBackedDisk implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return FileSystemType.isMemoryBacked(BASE)
                    ? SkipResult.skip(BASE + " is on " + FileSystemType.of(BASE) + ", a memory-backed file system:"
                    + " fsync does nothing there, so comparing against it proves nothing")
                    : SkipResult.doNotSkip();
        }
    }

    @Property(tries = 600, edgeCases = EdgeCasesMode.MIXIN)
    @AddLifecycleHook(SkipOnMemoryBackedDisk.class)
    void simDiskBehavesLikeTheRealFileSystem(@ForAll("calls") List<Call> script,
                                             @ForAll Backend backend) throws IOException {
        // Start with an open file so short scripts do more than fail with EBADF.
        List<Call> calls = new ArrayList<>();
        calls.add(new Open("a", List.of(OpenOption.CREATE)));
        calls.addAll(script);
        net.jqwik.api.Assume.that(backend != Backend.JNA || Backend.jnaAvailable());
        Path dir = BASE.resolve("run-" + RUNS.incrementAndGet());
        Files.createDirectories(dir);
        try {
            RunResult real = runAll(LocalVfs.at(dir, dev.crashbench.vfs.DiskModel.WORST_CASE, backend), calls);
            RunResult simulated = runAll(new SimDisk(1), calls);
            for (int i = 0; i < calls.size(); i++) {
                assertEquals(real.results().get(i), simulated.results().get(i), "call " + i + " " + calls.get(i)
                        + " on " + backend + "\nreal:      " + real.results() + "\nsimulated: " + simulated.results());
            }
            assertEquals(real.files().keySet(), simulated.files().keySet(), "names at the end on " + backend);
            for (String name : real.files().keySet()) {
                assertArrayEquals(real.files().get(name), simulated.files().get(name),
                        "content of " + name + " at the end on " + backend);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** What each call returned, and at the end every name with its bytes (a directory: empty). */
    private record RunResult(List<String> results, java.util.Map<String, byte[]> files) {
    }

    private static RunResult runAll(Vfs vfs, List<Call> calls) throws IOException {
        Session session = new Session();
        List<String> results = new ArrayList<>();
        try {
            for (Call call : calls) {
                String result;
                try {
                    result = call.run(vfs, session);
                } catch (ErrnoException e) {
                    result = "error " + e.errno();
                }
                results.add(result);
            }
            return new RunResult(results, readEverything(vfs));
        } finally {
            for (int slot = 0; slot < REGION_SLOTS; slot++) {
                session.unmap(slot);
            }
            for (Handle h : session.handles) {
                h.file.close();
            }
        }
    }

    /** Every name under the root, and the bytes of every file read through a fresh read-only handle. */
    private static java.util.Map<String, byte[]> readEverything(Vfs vfs) throws IOException {
        java.util.Map<String, byte[]> out = new TreeMap<>();
        List<String> dirs = new ArrayList<>(List.of(""));
        while (!dirs.isEmpty()) {
            String dir = dirs.remove(dirs.size() - 1);
            for (String child : vfs.list(dir)) {
                String path = VfsPaths.join(dir, child);
                if (path.equals("d")) {
                    dirs.add(path);
                    out.put(path, new byte[0]);
                    continue;
                }
                try (VfsFile file = vfs.open(path, OpenOption.READ_ONLY)) {
                    ByteBuffer dst = ByteBuffer.allocate(Math.toIntExact(file.size()));
                    file.readFully(0, dst);
                    out.put(path, dst.array());
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<String> file = Arbitraries.of(FILE_NAMES);
        Arbitrary<String> any = Arbitraries.of(ALL_NAMES);
        Arbitrary<String> dir = Arbitraries.of("", "d");
        Arbitrary<Integer> handle = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, REGION_SLOTS - 1);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, 12_000);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 8192);
        Arbitrary<Integer> mapLength = Arbitraries.integers().between(1, 8192);
        Arbitrary<List<OpenOption>> options = Arbitraries.of(
                List.of(OpenOption.CREATE), List.of(OpenOption.CREATE_NEW), List.of(),
                List.of(OpenOption.READ_ONLY), List.of(OpenOption.CREATE, OpenOption.DSYNC));
        return Arbitraries.<Call>frequencyOf(
                weight(4, Combinators.combine(file, options).as(Open::new)),
                weight(6, Combinators.combine(handle, offset, Arbitraries.integers().between(1, 6000),
                        Arbitraries.bytes()).as(Write::new)),
                weight(3, Combinators.combine(handle, offset, Arbitraries.integers().between(1, 6000))
                        .as(Read::new)),
                weight(1, Combinators.combine(handle, offset).as(Truncate::new)),
                weight(1, Combinators.combine(handle, offset).as(Allocate::new)),
                weight(1, handle.map(FileSize::new)),
                weight(1, Combinators.combine(handle, Arbitraries.of(SyncMode.class)).as(Sync::new)),
                weight(1, handle.map(Close::new)),
                weight(2, Combinators.combine(handle, slot, Arbitraries.longs().between(0, 8192), mapLength)
                        .as(Map::new)),
                weight(3, Combinators.combine(slot, position, mapLength, Arbitraries.bytes()).as(MappedWrite::new)),
                weight(2, Combinators.combine(slot, position, mapLength).as(MappedRead::new)),
                weight(2, Combinators.combine(slot, position, mapLength).as(MappedSync::new)),
                weight(1, slot.map(Unmap::new)),
                weight(1, any.map(Exists::new)),
                weight(1, any.map(Delete::new)),
                weight(1, Combinators.combine(file, file).as(Rename::new)),
                weight(1, Arbitraries.just(new Mkdir())),
                weight(1, dir.map(SyncDir::new)),
                weight(1, dir.map(ListDir::new))
        ).list().ofMaxSize(50).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Call>> weight(int weight, Arbitrary<? extends Call> a) {
        return Tuple.of(weight, a);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
