package dev.crashbench.recovery.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.DiskModel;
import org.junit.jupiter.api.Test;

/** The Java-only parts of the SQLite VFS: device bits, locks, the seeded environment. */
class SqliteVfsPartsTest {

    @Test
    void aDeviceWithoutGuaranteesDeclaresNone() {
        assertEquals(0, DeviceCharacteristics.of(DiskModel.WORST_CASE));
    }

    @Test
    void everyAtomicSizeUpToTheUnitIsDeclared() {
        // ATOMIC512 | ATOMIC1K | ATOMIC2K | ATOMIC4K, and nothing larger
        assertEquals(0x02 | 0x04 | 0x08 | 0x10, DeviceCharacteristics.of(new DiskModel(512, 4096, false, false)));
        assertEquals(0x1FE, DeviceCharacteristics.of(new DiskModel(512, 1 << 20, false, false)),
                "SQLite's largest atomic flag is 64 KiB");
    }

    @Test
    void safeAppendAndPowersafeOverwriteKeepTheirSqliteNames() {
        assertEquals(SqliteCodes.IOCAP_POWERSAFE_OVERWRITE, DeviceCharacteristics.of(DiskModel.SSD_4K));
        assertEquals(SqliteCodes.IOCAP_SAFE_APPEND, DeviceCharacteristics.of(new DiskModel(512, 0, true, false)));
    }

    @Test
    void readersShareAndOneWriterReserves() {
        LockTable locks = new LockTable();
        assertEquals(SqliteCodes.OK, locks.lock("db", 1, SqliteCodes.LOCK_SHARED));
        assertEquals(SqliteCodes.OK, locks.lock("db", 2, SqliteCodes.LOCK_SHARED));
        assertFalse(locks.reserved("db"));
        assertEquals(SqliteCodes.OK, locks.lock("db", 1, SqliteCodes.LOCK_RESERVED));
        assertTrue(locks.reserved("db"));
        assertEquals(SqliteCodes.BUSY, locks.lock("db", 2, SqliteCodes.LOCK_RESERVED), "one writer at a time");
    }

    @Test
    void exclusiveWaitsForTheOtherReadersAndPendingKeepsNewOnesOut() {
        LockTable locks = new LockTable();
        locks.lock("db", 1, SqliteCodes.LOCK_SHARED);
        locks.lock("db", 2, SqliteCodes.LOCK_SHARED);
        locks.lock("db", 1, SqliteCodes.LOCK_RESERVED);
        assertEquals(SqliteCodes.BUSY, locks.lock("db", 1, SqliteCodes.LOCK_EXCLUSIVE), "reader 2 is still there");
        assertEquals(SqliteCodes.LOCK_PENDING, locks.level("db", 1));
        assertEquals(SqliteCodes.BUSY, locks.lock("db", 3, SqliteCodes.LOCK_SHARED), "PENDING admits no new reader");
        locks.unlock("db", 2, SqliteCodes.LOCK_NONE);
        assertEquals(SqliteCodes.OK, locks.lock("db", 1, SqliteCodes.LOCK_EXCLUSIVE));
        locks.unlock("db", 1, SqliteCodes.LOCK_SHARED);
        assertEquals(SqliteCodes.OK, locks.lock("db", 3, SqliteCodes.LOCK_SHARED));
        assertFalse(locks.reserved("db"));
    }

    @Test
    void aWriteLockWithoutAReadLockIsRefusedAsAContractBreach() {
        LockTable locks = new LockTable();
        assertThrows(IllegalStateException.class, () -> locks.lock("db", 1, SqliteCodes.LOCK_RESERVED));
        assertThrows(IllegalArgumentException.class, () -> locks.lock("db", 1, SqliteCodes.LOCK_PENDING));
    }

    @Test
    void theEnvironmentRepeatsForOneSeedAndDiffersForAnother() {
        SeededEnvironment a = new SeededEnvironment(9);
        SeededEnvironment b = new SeededEnvironment(9);
        byte[] x = new byte[16];
        byte[] y = new byte[16];
        a.randomBytes(x);
        b.randomBytes(y);
        assertArrayEquals(x, y);
        assertEquals(a.julianMillis(), b.julianMillis());
        assertNotEquals(new SeededEnvironment(9).julianMillis(), new SeededEnvironment(10).julianMillis());
    }

    @Test
    void theClockMovesWithReadingsAndSleepsNeverWithTheWallClock() {
        SeededEnvironment env = new SeededEnvironment(1);
        long t0 = env.julianMillis();
        env.sleep(250_000);
        assertEquals(t0 + 1 + 250, env.julianMillis());
        // Julian day 2,451,544.5 (2000-01-01) to 2,462,502.5 (2030): the clock starts inside it
        assertTrue(t0 >= 2_451_544L * 86_400_000L && t0 < 2_462_503L * 86_400_000L, "t0 " + t0);
    }
}
