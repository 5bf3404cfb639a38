package dev.crashbench.vfs.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Fresh directories for tests, under the module's {@code target/vfs-tests/} (never {@code /tmp},
 * which may be tmpfs, where every sync is a no-op). Each JVM gets its own run directory, removed
 * when the JVM exits.
 */
public final class TestDirs {
    private static final Path RUN = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().resolve("target").resolve("vfs-tests").resolve("run-" + ProcessHandle.current().pid());
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(RUN)));
    }

    private TestDirs() {
    }

    /** The directory all of this JVM's test directories live in. */
    static Path runDirectory() {
        return RUN;
    }

    /** A new empty directory whose name starts with {@code label}; fails on a memory-backed file system. */
    public static Path fresh(String label) {
        Path dir = RUN.resolve(label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + COUNTER.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = FileSystemType.of(dir);
        if (FileSystemType.isMemoryBacked(type)) {
            throw new IllegalStateException("test directory " + dir + " is on " + type + "; syncs would be no-ops");
        }
        return dir;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
