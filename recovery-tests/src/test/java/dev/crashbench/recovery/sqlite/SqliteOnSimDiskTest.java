package dev.crashbench.recovery.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.TraceEntry;
import dev.crashbench.vfs.DiskModel;
import dev.crashbench.recovery.sqlite.SqliteConfig.JournalMode;
import dev.crashbench.recovery.sqlite.SqliteConfig.Synchronous;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SQLite on a SimDisk without faults: what it writes, it reads back after a reopen. */
class SqliteOnSimDiskTest {

    @BeforeEach
    void needsSqlite() {
        SqliteAvailable.assume();
    }

    private static byte[] value(int i) {
        return ("value " + i).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void hundredRowsSurviveCloseAndReopen(JournalMode mode) throws Exception {
        SimDisk disk = new SimDisk(1);
        SqliteConfig config = new SqliteConfig(mode, Synchronous.FULL, 7);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "app.db", config)) {
            KeyValueTable kv = db.keyValueTable("kv");
            for (int i = 0; i < 100; i++) {
                kv.begin();
                kv.put(i, value(i));
                kv.commit();
            }
            kv.begin();
            kv.delete(50);
            kv.put(200, new byte[0]);
            kv.commit();
        }
        assertTrue(disk.inspectLive("app.db").isPresent(), "the database is a file of the SimDisk");
        switch (mode) {
            case DELETE -> assertFalse(disk.inspectLive("app.db-journal").isPresent(), "the journal is deleted");
            case TRUNCATE -> assertEquals(0, disk.inspectLive("app.db-journal").orElseThrow().length,
                    "the journal is truncated");
            case WAL -> assertFalse(disk.inspectLive("app.db-wal").isPresent(),
                    "the last connection checkpoints and deletes the WAL");
        }
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "app.db", config)) {
            assertEquals(List.of("ok"), db.integrityCheck());
            SortedMap<Long, byte[]> all = db.keyValueTable("kv").all();
            assertEquals(100, all.size());
            assertNull(all.get(50L));
            assertArrayEquals(value(99), all.get(99L));
            assertArrayEquals(new byte[0], all.get(200L));
            assertArrayEquals(value(3), db.keyValueTable("kv").get(3));
            assertNull(db.keyValueTable("kv").get(50));
        }
    }

    /** The writes and syncs of {@code path} in one one-row commit after a first one, on a disk of {@code model}. */
    private static List<TraceEntry> writesOfOneCommit(DiskModel model, JournalMode mode, String path)
            throws Exception {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(1).withDiskModel(model), FaultPlan.NONE);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "m.db", new SqliteConfig(mode, Synchronous.FULL, 1))) {
            KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, value(1));
            kv.commit();
            int from = disk.step();
            kv.begin();
            kv.put(2, value(2));
            kv.commit();
            return disk.trace().entries().subList(from, disk.step()).stream()
                    .filter(e -> (e.kind() == OpKind.WRITE || e.kind() == OpKind.SYNC) && e.path().equals(path))
                    .toList();
        }
    }

    @Test
    void withoutPowersafeOverwriteSqlitePadsAWalCommitToTheSector() throws Exception {
        List<TraceEntry> padded = writesOfOneCommit(DiskModel.WORST_CASE, JournalMode.WAL, "m.db-wal");
        List<TraceEntry> unpadded = writesOfOneCommit(new DiskModel(512, 0, false, true), JournalMode.WAL,
                "m.db-wal");
        int sync = padded.stream().map(TraceEntry::kind).toList().indexOf(OpKind.SYNC);
        TraceEntry beforeSync = padded.get(sync - 1);
        assertEquals(0, (beforeSync.offset() + beforeSync.length()) % 512,
                "SQLite repeats the commit frame past the next sector boundary and syncs exactly there");
        assertTrue(padded.size() > unpadded.size(), "SQLite pads only where the device needs it: "
                + padded.size() + " vs " + unpadded.size() + " writes and syncs");
    }

    @Test
    void theRollbackJournalHeaderTakesOneSectorOfTheDisk() throws Exception {
        for (int sector : new int[] {512, 4096}) {
            List<TraceEntry> writes = writesOfOneCommit(new DiskModel(sector, 0, false, false), JournalMode.DELETE,
                    "m.db-journal");
            long firstRecord = writes.stream().filter(e -> e.kind() == OpKind.WRITE).mapToLong(TraceEntry::offset)
                    .filter(o -> o > 0).min().orElseThrow();
            assertEquals(sector, firstRecord, "journal records start after a header of one sector");
        }
    }

    @Test
    void rollbackDiscardsTheTransaction() throws Exception {
        SimDisk disk = new SimDisk(1);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "r.db", new SqliteConfig(JournalMode.WAL, Synchronous.FULL, 1))) {
            KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, value(1));
            kv.rollback();
            assertTrue(kv.all().isEmpty());
        }
    }

    @Test
    void sqlErrorsCarryTheExtendedCode() throws Exception {
        SimDisk disk = new SimDisk(1);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "e.db", new SqliteConfig(JournalMode.WAL, Synchronous.FULL, 1))) {
            SqliteException e = assertThrows(SqliteException.class, () -> db.exec("SELECT * FROM missing"));
            assertEquals(1, e.primaryCode(), e.getMessage());
            assertTrue(e.getMessage().contains("no such table"), e.getMessage());
        }
    }

    @Test
    void theRegistrationIsGoneAfterClose() throws Exception {
        SimDisk disk = new SimDisk(1);
        SqliteOnVfs db = SqliteOnVfs.open(disk, "c.db", new SqliteConfig(JournalMode.DELETE, Synchronous.FULL, 1));
        SqliteVfs registration = db.registration();
        assertTrue(registration.openFiles() > 0);
        db.close();
        assertEquals(0, registration.openFiles());
        assertThrows(IllegalStateException.class, () -> db.exec("SELECT 1"));
    }
}
