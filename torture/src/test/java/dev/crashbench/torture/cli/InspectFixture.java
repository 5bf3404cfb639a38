package dev.crashbench.torture.cli;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real database made by the engine on the local file system, under {@code target/inspect-tests/},
 * and the by-hand damage the inspect tests do to copies of its files (outside the VFS, as a disk
 * would).
 */
final class InspectFixture {
    static final String NAME = "db";
    static final String TABLE = "kv";
    /** A small preallocated WAL keeps the listings short; the frames written are what they are. */
    static final int WAL_SLOTS = 16;
    /** Over the inline limit, so commit 3 carries overflow pages and so several frames. */
    static final int BIG_VALUE_BYTES = 10_000;

    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().resolve("target").resolve("inspect-tests").resolve("run-" + ProcessHandle.current().pid());
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final Path dir;

    private InspectFixture(Path dir) {
        this.dir = dir;
    }

    static InspectFixture fresh(String label) throws IOException {
        Path dir = ROOT.resolve(label + "-" + COUNTER.incrementAndGet());
        Files.createDirectories(dir);
        return new InspectFixture(dir);
    }

    static EngineOptions options() {
        // Full 4 KiB frames, whatever the defaults: the cases find frames and bytes by that size.
        return EngineOptions.defaults().withOptimization(Optimization.DELTA_FRAMES, false)
                .withWalPreallocatedFrames(WAL_SLOTS);
    }

    Database open() throws IOException {
        return Database.open(LocalVfs.at(dir), NAME, options());
    }

    /** Commit 1 creates the table and puts key 1; commit 2 puts key 2; commit 3 puts key 3 with a big value. */
    static void threeCommits(Database db) throws IOException {
        try (WriteTransaction tx = db.beginWrite()) {
            tx.createTable(TABLE).put(1, bytes("one"));
            tx.commit();
        }
        try (WriteTransaction tx = db.beginWrite()) {
            tx.table(TABLE).put(2, bytes("two"));
            tx.commit();
        }
        try (WriteTransaction tx = db.beginWrite()) {
            tx.table(TABLE).put(3, new byte[BIG_VALUE_BYTES]);
            tx.commit();
        }
    }

    /** Which of keys 1, 2, 3 the database holds after recovery: e.g. "12". */
    String recoveredKeys() throws IOException {
        StringBuilder keys = new StringBuilder();
        try (Database db = open(); ReadTransaction read = db.beginRead()) {
            if (!read.hasTable(TABLE)) {
                return "";
            }
            for (long key = 1; key <= 3; key++) {
                if (read.table(TABLE).get(key) != null) {
                    keys.append(key);
                }
            }
        }
        return keys.toString();
    }

    Path dbFile() {
        return dir.resolve(NAME);
    }

    Path walFile() {
        return dir.resolve(NAME + "-wal");
    }

    /** A copy of this directory's files in a new fixture, to damage. */
    InspectFixture copy(String label) throws IOException {
        InspectFixture copy = fresh(label);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, copy.dir.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    static void flipBit(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            if (channel.read(b, offset) != 1) {
                throw new IOException("no byte at " + offset + " of " + file);
            }
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            channel.write(b, offset);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Removes every directory this JVM's fixtures made. */
    static void deleteAll() {
        deleteTree(ROOT);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
