package dev.crashbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh directories under target/, which is on the build's disk (ext4 here), never tmpfs. */
public final class TestDirs {
    private TestDirs() {
    }

    public static Path fresh(String name) {
        try {
            Path base = Path.of("target", "bench-tests").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
