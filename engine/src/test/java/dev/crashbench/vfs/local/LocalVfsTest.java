package dev.crashbench.vfs.local;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LocalVfs} behaviour, run once per {@link Backend}. */
class LocalVfsTest {

    static LocalVfs vfs(Backend backend, String label) throws IOException {
        return LocalVfs.at(TestDirs.fresh(label + "-" + backend.id()), DiskModel.WORST_CASE, backend);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writeThenReadRoundTripsFromHeapAndDirectBuffersWithNonZeroPositions(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "roundtrip");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            ByteBuffer heap = Bytes.heap("xxxhello");
            heap.position(3);
            assertEquals(5, f.write(10, heap));
            assertEquals(8, heap.position(), "write advances the source by the count written");

            ByteBuffer direct = Bytes.direct("yyworld");
            direct.position(2);
            assertEquals(5, f.write(15, direct));
            assertEquals(7, direct.position());

            ByteBuffer heapDst = ByteBuffer.allocate(13);
            heapDst.position(3);
            assertEquals(10, f.read(10, heapDst));
            assertEquals("helloworld", Bytes.string(heapDst.flip().position(3)));

            ByteBuffer directDst = ByteBuffer.allocateDirect(12);
            directDst.position(2);
            assertEquals(10, f.read(10, directDst));
            assertEquals("helloworld", Bytes.string(directDst.flip().position(2)));
            assertEquals(20, f.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void readIsShortOnlyAtEndOfFileAndZeroPastIt(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "eof");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.writeFully(0, ByteBuffer.wrap(Bytes.pattern(100, 1)));
            ByteBuffer dst = ByteBuffer.allocate(50);
            assertEquals(20, f.read(80, dst));
            assertEquals(20, dst.position());
            assertArrayEquals(Arrays.copyOfRange(Bytes.pattern(100, 1), 80, 100), Arrays.copyOf(dst.array(), 20));
            assertEquals(0, f.read(100, ByteBuffer.allocate(10)));
            assertEquals(0, f.read(1_000_000, ByteBuffer.allocateDirect(10)));
            assertEquals(0, f.read(0, ByteBuffer.allocate(0)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gapsReadAsZeros(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "gaps");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE_NEW)) {
            f.writeFully(0, Bytes.heap("a"));
            f.writeFully(10_000, Bytes.heap("b"));
            assertEquals(10_001, f.size());
            ByteBuffer gap = ByteBuffer.allocate(9_999);
            assertEquals(9_999, f.read(1, gap));
            assertArrayEquals(new byte[9_999], gap.array());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void truncateShrinksThenGrowsWithZeros(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "truncate");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            byte[] data = new byte[1000];
            Arrays.fill(data, (byte) 0x5A);
            f.writeFully(0, ByteBuffer.wrap(data));
            f.truncate(100);
            assertEquals(100, f.size());
            assertEquals(100, f.read(0, ByteBuffer.allocate(200)));

            f.truncate(5000);
            assertEquals(5000, f.size());
            ByteBuffer all = ByteBuffer.allocate(5000);
            f.readFully(0, all);
            byte[] expected = new byte[5000];
            Arrays.fill(expected, 0, 100, (byte) 0x5A);
            assertArrayEquals(expected, all.array(), "growing adds zeros, not the old tail");

            f.truncate(5000);
            assertEquals(5000, f.size());
            f.truncate(0);
            assertEquals(0, f.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void allocateExtendsWithReservedZerosAndNeverShrinks(Backend backend) throws Exception {
        LocalVfs vfs = vfs(backend, "allocate");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.allocate(1 << 20);
            assertEquals(1 << 20, f.size());
            assertTrue(allocatedBytes(vfs.resolve("f")) >= 1 << 20,
                    "allocate must reserve blocks, not just set the size (a sparse file)");
            ByteBuffer all = ByteBuffer.allocate(1 << 20);
            f.readFully(0, all);
            assertArrayEquals(new byte[1 << 20], all.array());

            f.writeFully(0, Bytes.heap("keep"));
            f.allocate(100);
            f.allocate(0);
            assertEquals(1 << 20, f.size());
            ByteBuffer head = ByteBuffer.allocate(4);
            f.readFully(0, head);
            assertEquals("keep", Bytes.string(head.flip()));
        }
    }

    /** Bytes of disk the file occupies, from {@code stat(1)} (the JDK does not expose st_blocks). */
    private static long allocatedBytes(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "--format=%b %B", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String[] parts = out.split(" ");
        return Long.parseLong(parts[0]) * Long.parseLong(parts[1]);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void syncDataAndFullKeepTheContentReadableAfterReopen(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "sync");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE_NEW)) {
            f.writeFully(0, Bytes.heap("data-sync"));
            f.sync(SyncMode.DATA);
            f.writeFully(9, Bytes.direct("+full-sync"));
            f.sync(SyncMode.FULL);
        }
        vfs.syncDirectory("");
        try (VfsFile f = vfs.open("f", OpenOption.READ_ONLY)) {
            ByteBuffer all = ByteBuffer.allocate((int) f.size());
            f.readFully(0, all);
            assertEquals("data-sync+full-sync", Bytes.string(all.flip()));
            f.sync(SyncMode.DATA); // syncing a read-only handle is allowed, as fsync(2) allows it
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dsyncOpenSetsODsyncOnTheDescriptorAndPlainOpenDoesNot(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "dsync");
        Path real = vfs.resolve("f");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE, OpenOption.DSYNC)) {
            assertEquals(FdInfo.O_DSYNC, FdInfo.flagsOfOnly(real) & FdInfo.O_DSYNC);
            f.writeFully(0, Bytes.heap("durable on return"));
        }
        try (VfsFile f = vfs.open("f")) {
            assertEquals(0, FdInfo.flagsOfOnly(real) & FdInfo.O_DSYNC);
            assertEquals(17, f.size());
        }
        try (VfsFile f = vfs.open("f", OpenOption.READ_ONLY)) {
            assertEquals(FdInfo.O_RDONLY, FdInfo.flagsOfOnly(real) & FdInfo.O_ACCMODE);
            assertEquals(17, f.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closeReleasesTheDescriptor(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "close-fd");
        VfsFile f = vfs.open("f", OpenOption.CREATE);
        assertEquals(1, FdInfo.descriptorsOf(vfs.resolve("f")).size());
        f.close();
        assertEquals(List.of(), FdInfo.descriptorsOf(vfs.resolve("f")));
        vfs.syncDirectory("");
        assertEquals(List.of(), FdInfo.descriptorsOf(vfs.root()), "syncDirectory closes its descriptor");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void renameReplacesTheTargetAndOldHandlesKeepTheirFile(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "rename");
        try (VfsFile a = vfs.open("a", OpenOption.CREATE_NEW)) {
            a.writeFully(0, Bytes.heap("new"));
        }
        try (VfsFile b = vfs.open("b", OpenOption.CREATE_NEW)) {
            b.writeFully(0, Bytes.heap("old!"));
            vfs.rename("a", "b");
            vfs.syncDirectory("");
            assertFalse(vfs.exists("a"));
            assertEquals(List.of("b"), vfs.list(""));
            ByteBuffer viaOldHandle = ByteBuffer.allocate(4);
            b.readFully(0, viaOldHandle);
            assertEquals("old!", Bytes.string(viaOldHandle.flip()), "the old handle still reads the replaced inode");
        }
        try (VfsFile b = vfs.open("b", OpenOption.READ_ONLY)) {
            assertEquals(3, b.size());
            ByteBuffer now = ByteBuffer.allocate(3);
            b.readFully(0, now);
            assertEquals("new", Bytes.string(now.flip()));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void renameOverAnExistingFileNeverLeavesTheTargetMissing(Backend backend) throws Exception {
        LocalVfs vfs = vfs(backend, "rename-atomic");
        byte[] first = Bytes.pattern(8192, 1);
        try (VfsFile t = vfs.open("target", OpenOption.CREATE_NEW)) {
            t.writeFully(0, ByteBuffer.wrap(first));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> renamer = pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    try (VfsFile tmp = vfs.open("tmp", OpenOption.CREATE_NEW)) {
                        tmp.writeFully(0, ByteBuffer.wrap(Bytes.pattern(8192, i)));
                    }
                    vfs.rename("tmp", "target");
                }
                return 300;
            });
            int reads = 0;
            while (!renamer.isDone() || reads == 0) {
                // A missing target would throw ENOENT here; a torn file would fail the pattern check.
                try (VfsFile t = vfs.open("target", OpenOption.READ_ONLY)) {
                    ByteBuffer all = ByteBuffer.allocate(8192);
                    t.readFully(0, all);
                    int seed = all.get(0);
                    assertArrayEquals(Bytes.pattern(8192, seed), all.array(), "read a mix of two versions");
                }
                reads++;
            }
            assertEquals(300, renamer.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deletedFileStaysUsableThroughAnOpenHandle(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "delete-open");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.writeFully(0, Bytes.heap("still here"));
            vfs.delete("f");
            assertFalse(vfs.exists("f"));
            assertEquals(List.of(), vfs.list(""));
            ByteBuffer dst = ByteBuffer.allocate(10);
            f.readFully(0, dst);
            assertEquals("still here", Bytes.string(dst.flip()));
            f.writeFully(10, Bytes.heap("!"));
            assertEquals(11, f.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void listIsSortedAndCoversFilesAndDirectories(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "list");
        for (String name : List.of("c9", "b", "c10", "a")) {
            vfs.open(name, OpenOption.CREATE_NEW).close();
        }
        vfs.createDirectory("d");
        vfs.open("d/z", OpenOption.CREATE_NEW).close();
        vfs.open("d/y", OpenOption.CREATE_NEW).close();
        assertEquals(List.of("a", "b", "c10", "c9", "d"), vfs.list(""));
        assertEquals(List.of("y", "z"), vfs.list("d"));
        vfs.createDirectory("e");
        assertEquals(List.of(), vfs.list("e"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createDirectoryThenSyncItAndItsParent(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "mkdir");
        vfs.createDirectory("db");
        vfs.createDirectory("db/wal");
        try (VfsFile f = vfs.open("db/wal/000001.log", OpenOption.CREATE_NEW)) {
            f.writeFully(0, Bytes.heap("x"));
            f.sync(SyncMode.DATA);
        }
        vfs.syncDirectory("db/wal");
        vfs.syncDirectory("db");
        vfs.syncDirectory("");
        assertTrue(Files.isDirectory(vfs.root().resolve("db/wal")));
        assertTrue(vfs.exists("db/wal/000001.log"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void existsSeesFilesDirectoriesAndTheRoot(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "exists");
        assertTrue(vfs.exists(""));
        assertFalse(vfs.exists("f"));
        vfs.open("f", OpenOption.CREATE).close();
        vfs.createDirectory("d");
        assertTrue(vfs.exists("f"));
        assertTrue(vfs.exists("d"));
        assertFalse(vfs.exists("d/f"));
        vfs.delete("f");
        vfs.delete("d");
        assertFalse(vfs.exists("f"));
        assertFalse(vfs.exists("d"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void openWithCreateKeepsAnExistingFileAndReadOnlyCreateCreates(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "create");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.writeFully(0, Bytes.heap("abc"));
        }
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            assertEquals(3, f.size(), "CREATE must not truncate an existing file");
        }
        try (VfsFile f = vfs.open("ro", OpenOption.CREATE, OpenOption.READ_ONLY)) {
            assertEquals(0, f.size());
        }
        assertTrue(vfs.exists("ro"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closedHandleThrowsIllegalStateAndClosingTwiceIsHarmless(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "closed");
        VfsFile f = vfs.open("f", OpenOption.CREATE);
        f.writeFully(0, Bytes.heap("0123456789"));
        f.close();
        f.close();
        List<Runnable> calls = List.of(
                () -> call(() -> f.read(0, ByteBuffer.allocate(1))),
                () -> call(() -> f.write(0, Bytes.heap("x"))),
                () -> call(() -> f.sync(SyncMode.DATA)),
                () -> call(() -> f.sync(SyncMode.FULL)),
                () -> call(f::size),
                () -> call(() -> f.truncate(1)),
                () -> call(() -> f.allocate(100)),
                () -> call(() -> f.map(0, 4)));
        for (Runnable c : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, c::run);
            assertEquals("file f is closed", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writesLargerThanTheScratchBufferGoThroughWhole(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "large");
        int n = 3 * JnaIo.SCRATCH_MAX_BYTES + 123;
        byte[] data = Bytes.pattern(n, 7);
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            ByteBuffer src = ByteBuffer.wrap(data);
            assertEquals(n, f.write(5, src));
            assertFalse(src.hasRemaining());
            ByteBuffer back = ByteBuffer.allocate(n);
            assertEquals(n, f.read(5, back));
            assertArrayEquals(data, back.array());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneHandleServesManyThreads(Backend backend) throws Exception {
        LocalVfs vfs = vfs(backend, "threads");
        int threads = 4;
        int blocks = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < blocks; b++) {
                        long offset = (long) (b * threads + thread) * 512;
                        f.writeFully(offset, ByteBuffer.wrap(Bytes.pattern(512, b * threads + thread)));
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            for (int i = 0; i < threads * blocks; i++) {
                ByteBuffer block = ByteBuffer.allocateDirect(512);
                f.readFully(i * 512L, block);
                assertArrayEquals(Bytes.pattern(512, i), Bytes.array(block.flip()), "block " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void describeNamesRootBackendAndFileSystem(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, "describe");
        String d = vfs.describe();
        assertTrue(d.contains(vfs.root().toString()), d);
        assertTrue(d.contains("backend " + backend.id()), d);
        assertTrue(d.contains("fs " + FileSystemType.of(vfs.root())), d);
        assertEquals(backend, vfs.backend());
        assertEquals(DiskModel.WORST_CASE, vfs.diskModel());
    }

    @Test
    void defaultDiskModelIsWorstCaseAndCanBeDeclared() throws IOException {
        Path dir = TestDirs.fresh("disk-model");
        assertEquals(DiskModel.WORST_CASE, LocalVfs.at(dir).diskModel());
        assertEquals(DiskModel.SSD_4K, LocalVfs.at(dir, DiskModel.SSD_4K).diskModel());
    }

    /** A call that may throw a checked exception, for assertThrows over a list of calls. */
    interface IoCall {
        void run() throws IOException;
    }

    private static void call(IoCall c) {
        try {
            c.run();
        } catch (IOException e) {
            throw new AssertionError("expected IllegalStateException, got " + e, e);
        }
    }
}
