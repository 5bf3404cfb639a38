package dev.crashbench.recovery.sqlite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpContext;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.TraceEntry;
import dev.crashbench.recovery.sqlite.SqliteConfig.JournalMode;
import dev.crashbench.recovery.sqlite.SqliteConfig.Synchronous;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What SQLite sees when the SimDisk under it fails, and what the Java side throws. */
class SqliteVfsFaultsTest {
    private static final SqliteConfig WAL_FULL = new SqliteConfig(JournalMode.WAL, Synchronous.FULL, 3);

    @BeforeEach
    void needsSqlite() {
        SqliteAvailable.assume();
    }

    /** Injects {@code fault} once, at the first call {@code where} accepts after {@link #arm()}. */
    private static final class ArmedFault implements FaultPlan {
        private final Fault fault;
        private final Predicate<OpContext> where;
        private boolean armed;
        private boolean fired;

        ArmedFault(Fault fault, Predicate<OpContext> where) {
            this.fault = fault;
            this.where = where;
        }

        void arm() {
            armed = true;
        }

        @Override
        public Optional<Fault> decide(OpContext context) {
            if (armed && !fired && where.test(context)) {
                fired = true;
                return Optional.of(fault);
            }
            return Optional.empty();
        }
    }

    private static boolean walSync(OpContext c) {
        return c.kind() == OpKind.SYNC && c.path().endsWith("-wal");
    }

    @Test
    void aPowerCutComesOutAsItselfAndEveryLaterCallRethrowsIt() throws Exception {
        ArmedFault cut = new ArmedFault(new Fault.PowerCut(false), SqliteVfsFaultsTest::walSync);
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(1), cut);
        SqliteOnVfs db = SqliteOnVfs.open(disk, "p.db", WAL_FULL);
        KeyValueTable kv = db.keyValueTable("kv");
        kv.begin();
        kv.put(1, "one".getBytes(StandardCharsets.UTF_8));
        cut.arm();
        PowerCutException thrown = assertThrows(PowerCutException.class, kv::commit);
        assertSame(thrown, assertThrows(PowerCutException.class, () -> db.exec("SELECT 1")),
                "the dead connection rethrows the same cut");
        assertDoesNotThrow(db::close, "close frees everything and does not report the cut again");
        assertEquals(0, db.registration().openFiles());
    }

    @Test
    void aFailedFsyncIsSqliteIoerrFsync() throws Exception {
        ArmedFault eio = new ArmedFault(new Fault.SyncError(), SqliteVfsFaultsTest::walSync);
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(1), eio);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "s.db", WAL_FULL)) {
            KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, "one".getBytes(StandardCharsets.UTF_8));
            eio.arm();
            SqliteException e = assertThrows(SqliteException.class, kv::commit);
            assertEquals(SqliteCodes.IOERR_FSYNC, e.extendedCode(), e.getMessage());
            assertTrue(e.isIoError());
        }
    }

    @Test
    void aFullDiskIsSqliteFull() throws Exception {
        ArmedFault full = new ArmedFault(new Fault.NoSpace(), OpContext::needsSpace);
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(1), full);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "f.db", WAL_FULL)) {
            KeyValueTable kv = db.keyValueTable("kv");
            kv.begin();
            kv.put(1, "one".getBytes(StandardCharsets.UTF_8));
            full.arm();
            SqliteException e = assertThrows(SqliteException.class, kv::commit);
            assertEquals(SqliteCodes.FULL, e.primaryCode(), e.getMessage());
        }
    }

    @Test
    void oneSeedWritesTheSameBytesAndAnotherSeedOtherSalts() throws Exception {
        List<String> first = traceOf(5);
        assertEquals(first, traceOf(5), "same seed, same trace byte for byte");
        assertNotEquals(first, traceOf(6), "SQLite's WAL salts come from the seed");
    }

    /** Every step of a short WAL workload: call, path, offset, length and the bytes written. */
    private static List<String> traceOf(long seed) throws Exception {
        SimDisk disk = new SimDisk(seed);
        SqliteConfig config = new SqliteConfig(JournalMode.WAL, Synchronous.FULL, seed);
        try (SqliteOnVfs db = SqliteOnVfs.open(disk, "d.db", config)) {
            KeyValueTable kv = db.keyValueTable("kv");
            for (int i = 0; i < 3; i++) {
                kv.begin();
                kv.put(i, ("v" + i).getBytes(StandardCharsets.UTF_8));
                kv.commit();
            }
        }
        List<String> steps = new ArrayList<>();
        for (TraceEntry e : disk.trace().entries()) {
            steps.add(e.kind() + " " + e.path() + " " + e.offset() + " " + e.length() + " "
                    + (e.data() == null ? "-" : Integer.toHexString(Arrays.hashCode(e.data()))));
        }
        return steps;
    }
}
