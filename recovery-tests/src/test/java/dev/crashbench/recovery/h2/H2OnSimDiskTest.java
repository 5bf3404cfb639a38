package dev.crashbench.recovery.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.ScriptedFaultPlan;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.TraceEntry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** H2 on a SimDisk without faults: what it writes, it reads back after a reopen, through the disk's calls only. */
class H2OnSimDiskTest {
    private static final H2Config WRITE_DELAY_0 = new H2Config(0, false);

    private static byte[] value(int i) {
        return ("value " + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rowsSurviveCloseAndReopen() throws Exception {
        SimDisk disk = new SimDisk(1);
        try (H2OnVfs db = H2OnVfs.open(disk, "app", WRITE_DELAY_0)) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            for (int i = 0; i < 50; i++) {
                kv.begin();
                kv.put(i, value(i));
                kv.commit();
            }
            kv.begin();
            kv.delete(20);
            kv.put(200, new byte[0]);
            kv.commit();
        }
        assertEquals(List.of("app.mv.db"), disk.list(""), "H2 keeps one store file, on the SimDisk");
        try (H2OnVfs db = H2OnVfs.open(disk, "app", WRITE_DELAY_0)) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            SortedMap<Long, byte[]> all = kv.all();
            assertEquals(50, all.size());
            assertNull(all.get(20L));
            assertArrayEquals(value(49), all.get(49L));
            assertArrayEquals(new byte[0], all.get(200L));
            assertArrayEquals(value(3), kv.get(3));
            assertNull(kv.get(20));
        }
    }

    @Test
    void rollbackDiscardsTheTransaction() throws Exception {
        try (H2OnVfs db = H2OnVfs.open(new SimDisk(1), "r", WRITE_DELAY_0)) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, value(1));
            kv.rollback();
            assertTrue(kv.all().isEmpty());
        }
    }

    /** The calls of one commit after a first one. */
    private static List<TraceEntry> oneCommit(H2Config config) throws Exception {
        SimDisk disk = new SimDisk(1);
        try (H2OnVfs db = H2OnVfs.open(disk, "m", config)) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, value(1));
            kv.commit();
            int from = disk.step();
            kv.begin();
            kv.put(2, value(2));
            kv.commit();
            return List.copyOf(disk.trace().entries().subList(from, disk.step()));
        }
    }

    @Test
    void writeDelayZeroWritesEachCommitWithoutASync() throws Exception {
        List<TraceEntry> calls = oneCommit(WRITE_DELAY_0);
        assertTrue(calls.stream().anyMatch(e -> e.kind() == OpKind.WRITE && e.path().equals("m.mv.db")),
                "the commit is written at once: " + describe(calls));
        assertTrue(calls.stream().noneMatch(e -> e.kind() == OpKind.SYNC), "and never synced: " + describe(calls));
    }

    @Test
    void checkpointSyncSyncsTheStoreFileAfterTheCommitsWrite() throws Exception {
        List<TraceEntry> calls = oneCommit(new H2Config(0, true));
        List<OpKind> kinds = calls.stream().map(TraceEntry::kind).toList();
        assertTrue(kinds.contains(OpKind.SYNC), describe(calls));
        assertEquals(OpKind.SYNC, kinds.get(kinds.size() - 1), "the sync comes last: " + describe(calls));
    }

    @Test
    void aWriteDelayAboveZeroIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> H2OnVfs.open(new SimDisk(1), "w", new H2Config(500, false)));
        assertTrue(e.getMessage().contains("wall clock"), e.getMessage());
    }

    /** The op trace of a small workload on a disk of {@code seed}, one line per call (bytes left out). */
    private static List<String> traceOf(long seed, int commits) throws Exception {
        SimDisk disk = new SimDisk(seed);
        try (H2OnVfs db = H2OnVfs.open(disk, "same", new H2Config(0, true))) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            for (int i = 0; i < commits; i++) {
                kv.begin();
                kv.put(i % 3, value(i));
                kv.commit();
            }
        }
        return disk.trace().entries().stream().map(TraceEntry::describe).toList();
    }

    @Test
    void theSameSeedGivesTheSameOpTrace() throws Exception {
        List<String> first = traceOf(5, 6);
        assertEquals(first, traceOf(5, 6), "same seed, same calls: which file, offset, length, sync, outcome");
        assertNotEquals(first, traceOf(5, 7), "the comparison sees one commit more");
    }

    /** The step of the sync of the second commit's CHECKPOINT SYNC, on a disk of seed 1 whose plan is {@code plan}. */
    private static int secondCommitsSync(FaultPlan plan, List<String> outcomes) throws Exception {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(1), plan);
        int sync = -1;
        try (H2OnVfs db = H2OnVfs.open(disk, "eio", new H2Config(0, true))) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            for (int i = 0; i < 3; i++) {
                kv.begin();
                kv.put(i, value(i));
                int from = disk.step();
                try {
                    kv.commit();
                    outcomes.add("ok");
                } catch (SQLException e) {
                    outcomes.add(causeChain(e));
                }
                if (i == 1) {
                    sync = disk.trace().entries().subList(from, disk.step()).stream()
                            .filter(e -> e.kind() == OpKind.SYNC).mapToInt(TraceEntry::step).findFirst().orElse(-1);
                }
            }
            assertEquals(3, kv.all().size(), "every commit is visible to the connection");
        }
        return sync;
    }

    private static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" <- ");
        }
        return sb.toString();
    }

    @Test
    void aFailedFsyncFailsThatCommitsCheckpointAndH2CarriesOn() throws Exception {
        List<String> clean = new java.util.ArrayList<>();
        int sync = secondCommitsSync(FaultPlan.NONE, clean);
        assertEquals(List.of("ok", "ok", "ok"), clean);
        assertTrue(sync > 0, "the second commit syncs");
        List<String> outcomes = new java.util.ArrayList<>();
        secondCommitsSync(new ScriptedFaultPlan(Map.of(sync, new Fault.SyncError())), outcomes);
        assertEquals("ok", outcomes.get(0));
        assertTrue(outcomes.get(1).contains("EIO in fsync"),
                "the failed fsync reaches the application as the commit's error: " + outcomes.get(1));
        // H2 does not stop after a failed fsync (the reference engine does): the next commit
        // writes a new chunk and syncs it; the dropped chunk is never written again
        assertEquals("ok", outcomes.get(2));
    }

    /** Live threads H2 names for its background work: the MVStore writer, its executors, the lock watchdog. */
    private static List<String> h2Threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("MVStore background writer") || n.startsWith("H2-serialization")
                        || n.startsWith("H2-save") || n.startsWith("H2 File Lock Watchdog"))
                .toList();
    }

    @Test
    void h2RunsNoBackgroundThreadOnTheDisk() throws Exception {
        try (H2OnVfs db = H2OnVfs.open(new SimDisk(1), "quiet", WRITE_DELAY_0)) {
            H2KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, value(1));
            kv.commit();
            assertEquals(List.of(), h2Threads(), "every write is made by the calling thread");
        }
        // the control: the same disk registration with H2's default write delay starts the writer
        try (H2Disk disk = H2Disk.register(new SimDisk(1));
             java.sql.Connection c = new org.h2.Driver().connect(
                     "jdbc:h2:" + disk.fileName("noisy") + ";WRITE_DELAY=500;DB_CLOSE_ON_EXIT=FALSE",
                     new java.util.Properties())) {
            assertTrue(h2Threads().stream().anyMatch(n -> n.startsWith("MVStore background writer")),
                    "the check sees H2's writer thread when it runs: " + h2Threads());
        }
    }

    static String describe(List<TraceEntry> calls) {
        return calls.stream().map(TraceEntry::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
