package dev.crashbench.vfs;

/**
 * What a storage device guarantees about writes that a power cut interrupts, as SQLite's
 * {@code IOCAP} flags do. The engine must be correct with none of these guarantees; a VFS
 * declares what it has so tests can model a device exactly and benchmarks can name it.
 *
 * @param sectorSize          the unit a torn write tears at: each sector is written whole or not at all
 *                            (or, on a device without power-safe overwrite, turned to garbage). 512 or 4096.
 * @param atomicWriteUnit     a write that is aligned to and no larger than this many bytes is all-or-nothing;
 *                            0 when the device promises no atomic unit beyond the sector.
 * @param safeAppend          when a write extends a file, the data lands before the new size does, so a cut
 *                            never leaves a longer file whose tail is garbage or zeros.
 * @param powersafeOverwrite  a cut during a write never damages bytes outside the written range, even in the
 *                            same sector.
 */
public record DiskModel(int sectorSize, int atomicWriteUnit, boolean safeAppend, boolean powersafeOverwrite) {

    /** No guarantees at all: 512-byte sectors, nothing atomic, unsafe append, unsafe overwrite. */
    public static final DiskModel WORST_CASE = new DiskModel(512, 0, false, false);

    /** A typical 4Kn SSD as Linux reports it; still no atomic-write or append guarantee. */
    public static final DiskModel SSD_4K = new DiskModel(4096, 0, false, true);

    public DiskModel {
        if (sectorSize < 1 || Integer.bitCount(sectorSize) != 1) {
            throw new IllegalArgumentException("sector size must be a power of two, got " + sectorSize);
        }
        if (atomicWriteUnit != 0
                && (Integer.bitCount(atomicWriteUnit) != 1 || atomicWriteUnit < sectorSize)) {
            throw new IllegalArgumentException("atomic write unit must be 0 or a power of two >= the sector size ("
                    + sectorSize + "), got " + atomicWriteUnit);
        }
    }

    /**
     * The granularity at which a write can tear: the atomic write unit when there is one, else the sector.
     */
    public int tearUnit() {
        return atomicWriteUnit == 0 ? sectorSize : atomicWriteUnit;
    }

    public String describe() {
        return "sector " + sectorSize + " B, atomic unit " + (atomicWriteUnit == 0 ? "none" : atomicWriteUnit + " B")
                + ", safe append " + (safeAppend ? "yes" : "no")
                + ", power-safe overwrite " + (powersafeOverwrite ? "yes" : "no");
    }
}
