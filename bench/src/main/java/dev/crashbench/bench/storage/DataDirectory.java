package dev.crashbench.bench.storage;

import dev.crashbench.vfs.local.FileSystemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the data directory before anything durable is measured there. On tmpfs or ramfs a sync
 * is free and a "commit latency" measures memory copies, so such a directory is refused unless the
 * caller allows it explicitly. The file system type comes from the mount table (the mount that
 * holds the resolved directory), or from {@code Files.getFileStore} when the table has no answer.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * Creates {@code directory} if needed and describes where it lives.
     *
     * @throws RefusedDirectoryException when it is RAM-backed and {@code allowMemoryBacked} is false
     */
    public static StorageInfo check(Path directory, boolean allowMemoryBacked, MountTable mounts)
            throws IOException, RefusedDirectoryException {
        Files.createDirectories(directory);
        Path real = directory.toRealPath();
        Optional<Mount> mount = mounts.holding(real);
        String type = mount.map(Mount::fsType).orElseGet(() -> FileSystemType.of(real));
        boolean memory = FileSystemType.isMemoryBacked(type) || FileSystemType.isMemoryBacked(FileSystemType.of(real));
        StorageInfo info = new StorageInfo(real, type, mount.map(Mount::source).orElse("unknown"),
                mount.map(Mount::mountPoint).orElse("unknown"),
                mount.map(m -> m.mountOptions() + "; " + m.superOptions()).orElse("unknown"), memory);
        if (memory && !allowMemoryBacked) {
            throw new RefusedDirectoryException(real + " is on " + type + ", which keeps data in memory and makes"
                    + " syncs free: durable figures measured there mean nothing. Use a directory on a real disk"
                    + " (--data-dir), or pass --allow-tmpfs to measure anyway");
        }
        return info;
    }
}
