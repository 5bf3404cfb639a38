package dev.crashbench.recovery.oracle;

import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.recovery.reference.ReferenceEngine;
import dev.crashbench.recovery.reference.ReferenceConfiguration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.engine.pager.PageDigest;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle decides on the kind of an integrity problem, never on its wording: under damage to
 * durable bytes, damage the engine detected ({@link IntegrityProblem.Kind#CORRUPTION}) is an
 * accepted outcome, while pages that all verify yet disagree
 * ({@link IntegrityProblem.Kind#INCONSISTENCY}) are not, since the engine would serve them.
 */
class OracleIntegrityKindTest {
    private static final EngineOptions OPTIONS = EngineOptions.defaults();
    private static final byte[] SMALL = {1, 2, 3};

    private Vfs vfs;
    private History history;
    private int tablePage;

    /** Two commits (the table with a small and a large row, then the large row deleted), checkpointed home. */
    @BeforeEach
    void build() throws IOException {
        vfs = new MemoryVfs("oracle-kind");
        history = new History();
        Map<Long, byte[]> rows = new TreeMap<>();
        try (Database db = Database.open(vfs, Oracle.DB_PATH, OPTIONS)) {
            rows.put(1L, SMALL);
            rows.put(2L, new byte[20_000]);
            history.commitStarted(TableState.of(rows));
            try (WriteTransaction write = db.beginWrite()) {
                write.createTable(Oracle.TABLE).put(1, SMALL);
                write.table(Oracle.TABLE).put(2, new byte[20_000]);
                write.commit();
            }
            history.commitAcknowledged();
            rows.remove(2L);
            history.commitStarted(TableState.of(rows));
            try (WriteTransaction write = db.beginWrite()) {
                write.table(Oracle.TABLE).delete(2);
                write.commit();
            }
            history.commitAcknowledged();
            assertTrue(db.checkpoint().walReset());
            assertTrue(db.header().freePageCount() > 0, "the deleted row's overflow pages are free");
            assertEquals(List.of(), db.checkIntegrity());
            tablePage = db.header().catalogRoot() + 1; // the table's root, allocated right after the catalog's
        }
    }

    private Oracle.Expectation expectation(boolean durableDamage) {
        return Oracle.expectation(history.bounds(), DurabilityPromise.EVERY_COMMIT, true, durableDamage);
    }

    private Oracle.Verdict judge(boolean durableDamage) throws IOException {
        ReferenceConfiguration engine = ReferenceEngine.with(OPTIONS);
        try (EngineSession db = engine.open(vfs, Oracle.DB_PATH)) {
            return Oracle.check(engine, db, history, expectation(durableDamage));
        }
    }

    @Test
    void aRottenPageTheIntegrityCheckReportsAsCorruptionIsAcceptedUnderBitRotOnly() throws IOException {
        flipByte((long) tablePage * Page.SIZE + 2_000);
        try (Database db = Database.open(vfs, Oracle.DB_PATH, OPTIONS)) {
            List<IntegrityProblem> problems = db.checkIntegrity();
            assertTrue(problems.stream().anyMatch(IntegrityProblem::isCorruption), problems.toString());
        }
        Oracle.Verdict underRot = judge(true);
        assertTrue(underRot.ok(), () -> "detected damage must be accepted: " + underRot.violation().describe());
        Oracle.Verdict honest = judge(false);
        assertFalse(honest.ok(), "with an honest disk, corruption is a violation");
        assertEquals(Rule.INTEGRITY, honest.violation().rule());
    }

    @Test
    void leakedPagesThatAllVerifyAreRejectedEvenUnderBitRot() throws IOException {
        // The header forgets its free list: every page still verifies, the table reads correctly,
        // but the free pages belong to nothing. Written as the engine would have written it (the
        // page digest agrees): what a bug in the engine leaves, not damage to the disk.
        byte[] page0 = readPage(0);
        DbHeader header = DbHeader.decode(page0, Oracle.DB_PATH);
        header.withFreeList(0, 0).encode(page0);
        writeSealedPage(0, page0);
        adoptHandWrittenPages(header.pageCount());
        try (Database db = Database.open(vfs, Oracle.DB_PATH, OPTIONS)) {
            List<IntegrityProblem> problems = db.checkIntegrity();
            assertFalse(problems.isEmpty());
            assertTrue(problems.stream().noneMatch(IntegrityProblem::isCorruption), problems.toString());
            assertEquals(history.state(2).rows().keySet(), Oracle.contents(db).rows().keySet(),
                    "the rows themselves are intact: only the integrity check can tell");
        }
        for (boolean durableDamage : new boolean[] {true, false}) {
            Oracle.Verdict verdict = judge(durableDamage);
            assertFalse(verdict.ok(), "an inconsistency must be rejected (durable damage: " + durableDamage + ")");
            assertEquals(Rule.INTEGRITY, verdict.violation().rule());
            assertNull(verdict.found());
        }
    }

    private void flipByte(long offset) throws IOException {
        try (VfsFile file = vfs.open(Oracle.DB_PATH)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            file.readFully(offset, one);
            one.put(0, (byte) ~one.get(0)).rewind();
            file.writeFully(offset, one);
        }
    }

    private byte[] readPage(int pageId) throws IOException {
        byte[] image = new byte[Page.SIZE];
        try (VfsFile file = vfs.open(Oracle.DB_PATH)) {
            file.readFully((long) pageId * Page.SIZE, ByteBuffer.wrap(image));
        }
        return image;
    }

    /** Records the database file's page digest in the WAL header of the checkpointed database. */
    private void adoptHandWrittenPages(int pageCount) throws IOException {
        long digest = PageDigest.EMPTY;
        PageChecksum checksum = new PageChecksum();
        for (int page = 0; page < pageCount; page++) {
            digest = PageDigest.add(digest, page, PageDigest.checksumOf(page, readPage(page), checksum));
        }
        try (VfsFile wal = vfs.open(Oracle.DB_PATH + "-wal")) {
            byte[] bytes = new byte[WalHeader.ENCODED_SIZE];
            wal.readFully(0, ByteBuffer.wrap(bytes));
            WalHeader old = WalHeader.decode(bytes, wal.path());
            ByteBuffer encoded = ByteBuffer.allocate(WalHeader.ENCODED_SIZE);
            new WalHeader(old.salt(), old.checkpointSequence(), digest).encode(encoded);
            wal.writeFully(0, encoded);
        }
    }

    private void writeSealedPage(int pageId, byte[] image) throws IOException {
        new PageChecksum().seal(pageId, image);
        try (VfsFile file = vfs.open(Oracle.DB_PATH, OpenOption.CREATE)) {
            file.writeFully((long) pageId * Page.SIZE, ByteBuffer.wrap(image));
        }
    }
}
