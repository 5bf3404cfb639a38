package dev.crashbench.bench.storage;

import dev.crashbench.vfs.local.FileSystemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks the data directory before anything durable is measured there. On tmpfs or ramfs a sync
 * is free and a "commit latency" measures memory copies, so such a directory is refused unless the
 * caller allows it explicitly. The CPU-path regime wants the opposite, and
 * {@link #checkCpuPath} refuses a directory that is not RAM-backed unless forced. The file system type comes from the mount table (the mount that
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
        StorageInfo info = describe(directory, mounts);
        if (info.memoryBacked() && !allowMemoryBacked) {
            throw new RefusedDirectoryException(info.directory() + " is on " + info.fsType() + ", which keeps data in"
                    + " memory and makes syncs free: durable figures measured there mean nothing. Use a directory on a"
                    + " real disk (--data-dir), or pass --allow-tmpfs to measure anyway");
        }
        return info;
    }

    /**
     * Creates {@code directory} if needed and checks it for the CPU-path regime, where syncs must
     * be nearly free so the figures are the engine's own overhead: it must be RAM-backed (tmpfs,
     * ramfs, such as /dev/shm).
     *
     * @throws RefusedDirectoryException when it is on a real disk and {@code force} is false
     */
    public static StorageInfo checkCpuPath(Path directory, boolean force, MountTable mounts)
            throws IOException, RefusedDirectoryException {
        StorageInfo info = describe(directory, mounts);
        if (!info.memoryBacked() && !force) {
            throw new RefusedDirectoryException(info.directory() + " is on " + info.fsType() + ", not a RAM-backed"
                    + " file system: its syncs reach a device, so the CPU-path figures would include the device's"
                    + " flush. Use a directory on tmpfs such as /dev/shm (--cpu-path-dir), or pass"
                    + " --force-cpu-path to measure there anyway");
        }
        return info;
    }

    private static StorageInfo describe(Path directory, MountTable mounts) throws IOException {
        Files.createDirectories(directory);
        Path real = directory.toRealPath();
        Optional<Mount> mount = mounts.holding(real);
        String type = mount.map(Mount::fsType).orElseGet(() -> FileSystemType.of(real));
        boolean memory = FileSystemType.isMemoryBacked(type) || FileSystemType.isMemoryBacked(FileSystemType.of(real));
        return new StorageInfo(real, type, mount.map(Mount::source).orElse("unknown"),
                mount.map(Mount::mountPoint).orElse("unknown"),
                mount.map(m -> m.mountOptions() + "; " + m.superOptions()).orElse("unknown"), memory);
    }
}
