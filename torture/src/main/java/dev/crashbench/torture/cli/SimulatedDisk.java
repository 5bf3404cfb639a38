package dev.crashbench.torture.cli;

import dev.crashbench.vfs.DiskModel;

/** The simulated devices a command line can name ({@code --disk}). Lower case, as typed. */
enum SimulatedDisk {
    /** 512-byte sectors, nothing atomic, unsafe append and overwrite: what the engine must survive. */
    worst_case(DiskModel.WORST_CASE),
    /** A 4Kn SSD: 4 KiB sectors, power-safe overwrite, still no atomic write or safe append. */
    ssd_4k(DiskModel.SSD_4K);

    final DiskModel model;

    SimulatedDisk(DiskModel model) {
        this.model = model;
    }
}
