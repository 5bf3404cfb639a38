package dev.crashbench.recovery.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.Engines;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.spi.ReadView;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SQLite adapter's options, promises, capabilities, classification and a session. */
class SqliteEngineTest {
    @BeforeEach
    void sqliteLoads() {
        SqliteAvailable.assume();
    }

    private static EngineConfiguration sqlite(String options) {
        return new SqliteEngine().configure(options);
    }

    @Test
    void theEngineIsFoundByItsIdAtTheLibrarysVersion() {
        EngineConfiguration engine = Engines.installed().byId("sqlite").configure("journal_mode=delete");
        assertEquals(SqliteNative.version(), engine.engine().version());
        assertEquals(Map.of("journal_mode", "delete", "synchronous", "full", "promise", "every_commit"),
                engine.options());
        assertEquals("sqlite:journal_mode=delete", engine.describe());
        assertEquals(engine, engine.engine().configure(engine.options()));
    }

    @Test
    void unknownOptionsAndValuesAreRefusedNamingTheKnownOnes() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> sqlite("page_size=4096"));
        assertTrue(key.getMessage().contains("journal_mode, synchronous, promise"), key.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class, () -> sqlite("journal_mode=memory"));
        assertTrue(value.getMessage().contains("delete, truncate, wal"), value.getMessage());
    }

    @Test
    void everyCommitIsPromisedUnlessTheDocumentedPromiseIsAskedFor() {
        assertEquals(DurabilityPromise.EVERY_COMMIT, sqlite("synchronous=off").durability());
        String documented = ",promise=documented";
        assertEquals(DurabilityPromise.EVERY_COMMIT, sqlite("journal_mode=wal,synchronous=full" + documented).durability());
        assertEquals(DurabilityPromise.EVERY_COMMIT, sqlite("journal_mode=delete,synchronous=extra" + documented).durability());
        assertEquals(DurabilityPromise.AT_CHECKPOINT, sqlite("journal_mode=wal,synchronous=normal" + documented).durability());
        assertEquals(DurabilityPromise.NONE, sqlite("journal_mode=wal,synchronous=off" + documented).durability());
        assertEquals(DurabilityPromise.NONE, sqlite("journal_mode=truncate,synchronous=normal" + documented).durability());
    }

    @Test
    void onlyWalModeCanCheckpoint() {
        assertTrue(sqlite("journal_mode=wal").has(Capability.CHECKPOINT));
        assertFalse(sqlite("journal_mode=delete").has(Capability.CHECKPOINT));
        assertTrue(sqlite("journal_mode=delete").has(Capability.INTEGRITY_CHECK));
    }

    @Test
    void sqlitesErrorsAreClassifiedByTheirResultCode() {
        EngineConfiguration engine = sqlite("");
        assertEquals(FailureKind.CORRUPTION_DETECTED, engine.classify(failure(SqliteCodes.CORRUPT)));
        assertEquals(FailureKind.CORRUPTION_DETECTED, engine.classify(failure(SqliteCodes.NOTADB)));
        assertEquals(FailureKind.INDETERMINATE, engine.classify(failure(SqliteCodes.IOERR_FSYNC)));
        assertEquals(FailureKind.INDETERMINATE, engine.classify(failure(SqliteCodes.FULL)));
        assertEquals(FailureKind.REFUSED, engine.classify(failure(SqliteCodes.ERROR)));
        assertEquals(FailureKind.BUG, engine.classify(new IllegalStateException("connection is closed")));
    }

    private static SqliteIoFailure failure(int code) {
        return new SqliteIoFailure(new SqliteException("COMMIT", code, "test"));
    }

    @Test
    void aSessionCreatesTheKeySpaceInItsFirstCommitAndReadsASnapshot() throws IOException {
        SimDisk disk = new SimDisk(7);
        try (EngineSession session = sqlite("").open(disk, "db")) {
            try (ReadView before = session.beginRead()) {
                assertEquals(null, before.readAll(), "absent before the creating commit");
            }
            session.create();
            session.put(1, new byte[] {1});
            session.commit();
            try (ReadView view = session.beginRead()) {
                session.begin();
                session.put(2, new byte[] {2});
                assertTrue(session.delete(1));
                session.commit();
                assertEquals(1, view.readAll().size(), "the view stays as it began");
                assertEquals(1, view.get(1)[0]);
            }
            session.checkpoint();
            assertTrue(session.checkIntegrity().isEmpty());
        }
        try (EngineSession reopened = sqlite("").open(disk, "db"); ReadView view = reopened.beginRead()) {
            assertEquals(Map.of(2L, 2), Map.of(view.readAll().firstKey(), (int) view.readAll().get(2L)[0]));
        }
    }

    @Test
    void anIntegrityCheckThatMeetsAReadErrorIsAnIoErrorNotDamage() throws IOException {
        boolean[] failReads = new boolean[1];
        // Reads past the first two pages fail once switched on: SQLite reads its schema, then meets the
        // errors in its b-trees. Whether SQLite fails the pragma or lists the pages it could not get
        // (SqliteOnVfs.integrityCheck turns the latter into the same error), it is no damage.
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(7), context -> failReads[0] && context.kind() == OpKind.READ
                && context.path().equals("db") && context.offset() >= 8192 ? Optional.of(new Fault.IoError())
                : Optional.empty());
        EngineConfiguration engine = sqlite("");
        try (EngineSession session = engine.open(disk, "db")) {
            session.create();
            for (int key = 0; key < 200; key++) {
                session.put(key, new byte[300]);
            }
            session.commit();
            session.checkpoint();
        }
        try (EngineSession session = engine.open(disk, "db")) {
            assertTrue(session.checkIntegrity().isEmpty(), "the control: a disk that reads is sound");
        }
        try (EngineSession session = engine.open(disk, "db")) {
            failReads[0] = true;
            IOException e = assertThrows(IOException.class, session::checkIntegrity);
            assertEquals(FailureKind.INDETERMINATE, engine.classify(e), e.getMessage());
            failReads[0] = false;
        }
    }

    @Test
    void aPowerCutComesOutAsThePowerCut() throws IOException {
        SimDisk disk = new SimDisk(7);
        EngineSession session = sqlite("").open(disk, "db");
        session.create();
        session.put(1, new byte[] {1});
        disk.cutPower();
        assertThrows(PowerCutException.class, session::commit);
        session.close();
    }
}
