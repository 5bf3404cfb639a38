package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;

/**
 * The fixed properties of a {@link SimDisk}.
 *
 * @param diskModel     the device's guarantees (sector size, atomic write unit, ...)
 * @param seed          the seed for garbage in torn sectors
 * @param capacityBytes total bytes the files may hold; writes and allocations past it fail with ENOSPC,
 *                      and space comes back when files shrink or are deleted (and closed)
 */
public record SimDiskConfig(DiskModel diskModel, long seed, long capacityBytes) {

    public SimDiskConfig {
        if (diskModel == null) {
            throw new IllegalArgumentException("disk model is null");
        }
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("negative capacity " + capacityBytes);
        }
    }

    /** A worst-case device (see {@link DiskModel#WORST_CASE}) with no capacity limit. */
    public static SimDiskConfig worstCase(long seed) {
        return new SimDiskConfig(DiskModel.WORST_CASE, seed, Long.MAX_VALUE);
    }

    public SimDiskConfig withDiskModel(DiskModel model) {
        return new SimDiskConfig(model, seed, capacityBytes);
    }

    public SimDiskConfig withCapacity(long bytes) {
        return new SimDiskConfig(diskModel, seed, bytes);
    }

    public String describe() {
        return diskModel.describe() + ", seed " + seed
                + (capacityBytes == Long.MAX_VALUE ? "" : ", capacity " + capacityBytes + " B");
    }
}
