package dev.crashbench.recovery.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file atomically: a temporary file beside it, renamed over the target. A run cut
 * short leaves the old file or the new one, never half of one. (Durability across a power cut is
 * not the point for reports; the rename is not followed by a directory sync.)
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    public static void writeString(Path path, String text) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + path.getFileName() + "-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
