package dev.crashbench.recovery.sqlite;

import dev.crashbench.vfs.DiskModel;

/**
 * A {@link DiskModel} as SQLite's {@code xDeviceCharacteristics} bits: the same guarantees under
 * SQLite's names, so SQLite relies on exactly what the simulated device promises.
 *
 * <ul>
 *   <li>atomic write unit {@code u} → {@code SQLITE_IOCAP_ATOMICnnn} for every {@code nnn} from 512
 *       to {@code min(u, 64 KiB)}: an aligned write of {@code nnn ≤ u} bytes lies in one unit, so it
 *       is all-or-nothing;</li>
 *   <li>safe append → {@code SQLITE_IOCAP_SAFE_APPEND};</li>
 *   <li>power-safe overwrite → {@code SQLITE_IOCAP_POWERSAFE_OVERWRITE}.</li>
 * </ul>
 * The sector size goes to {@code xSectorSize} as it is.
 */
final class DeviceCharacteristics {
    private static final int SMALLEST_ATOMIC = 512;
    private static final int LARGEST_ATOMIC = 64 * 1024;

    private DeviceCharacteristics() {
    }

    static int of(DiskModel model) {
        int bits = 0;
        int unit = model.atomicWriteUnit();
        int flag = SqliteCodes.IOCAP_ATOMIC512;
        for (int size = SMALLEST_ATOMIC; unit != 0 && size <= Math.min(unit, LARGEST_ATOMIC); size *= 2) {
            bits |= flag;
            flag <<= 1;
        }
        if (model.safeAppend()) {
            bits |= SqliteCodes.IOCAP_SAFE_APPEND;
        }
        if (model.powersafeOverwrite()) {
            bits |= SqliteCodes.IOCAP_POWERSAFE_OVERWRITE;
        }
        return bits;
    }
}
