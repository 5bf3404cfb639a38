package dev.crashbench.bench.storage;

import java.nio.file.Path;

/**
 * Where the durable workloads ran.
 *
 * @param directory    the data directory, absolute and resolved
 * @param fsType       its file system type ({@code ext4}, {@code tmpfs})
 * @param source       the mounted device, or {@code unknown}
 * @param mountPoint   where that file system is mounted, or {@code unknown}
 * @param mountOptions the mount's options, then the file system's own, or {@code unknown}
 * @param memoryBacked whether the file system keeps data only in memory (syncs cost nothing there)
 */
public record StorageInfo(Path directory, String fsType, String source, String mountPoint, String mountOptions,
                          boolean memoryBacked) {

    /** One line for reports: {@code /data on ext4 (/dev/vda mounted at /, rw,relatime; rw,errors=remount-ro)}. */
    public String describe() {
        return directory + " on " + fsType + " (" + source + " mounted at " + mountPoint + ", options "
                + mountOptions + ")" + (memoryBacked ? " — RAM-BACKED: syncs cost nothing here" : "");
    }
}
