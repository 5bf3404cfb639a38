package dev.crashbench.vfs.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The type of the file system a directory lives on, as the kernel names it ({@code ext4},
 * {@code xfs}, {@code tmpfs}). Durability tests must not run on a memory-backed file system:
 * there {@code fsync} is a no-op and every crash loses everything, so a passing test proves
 * nothing.
 */
public final class FileSystemType {
    /** File systems that keep data only in memory. */
    private static final Set<String> MEMORY_BACKED = Set.of("tmpfs", "ramfs");

    private FileSystemType() {
    }

    /**
     * The type of the file system holding {@code path}, or of its nearest existing ancestor
     * when it does not exist yet; {@code "unknown"} when the JDK cannot tell.
     */
    public static String of(Path path) {
        Path existing = path.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "unknown";
        }
        try {
            return Files.getFileStore(existing).type();
        } catch (IOException | SecurityException e) {
            return "unknown";
        }
    }

    /** Whether {@code path} is on a file system that keeps data only in memory (tmpfs, ramfs). */
    public static boolean isMemoryBacked(Path path) {
        return isMemoryBacked(of(path));
    }

    /** Whether a file system of this type keeps data only in memory. */
    public static boolean isMemoryBacked(String type) {
        return MEMORY_BACKED.contains(type);
    }
}
