package dev.crashbench.recovery.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.DatabaseFailedException;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.EngineSpec;
import dev.crashbench.spi.Engines;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** The reference engine through the engine-under-test SPI: discovery, options, promises, sessions. */
class ReferenceEngineTest {
    private final Engines engines = Engines.installed();

    @Test
    void isFoundByItsIdAtTheProjectVersion() {
        assertTrue(engines.ids().contains(ReferenceEngine.ID), engines.ids().toString());
        assertInstanceOf(ReferenceEngine.class, engines.byId("reference"));
        assertEquals(ProjectVersion.get(), engines.byId("reference").version());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> engines.byId("nosuch")).getMessage()
                .contains("unknown engine 'nosuch'; known: h2, reference, sqlite"));
    }

    @Test
    void itsOptionsAreEngineOptionsKeysInTheOneGrammar() {
        EngineConfiguration configured = engines.configure(EngineSpec.parse(
                "reference:durability=normal,group_commit=true,cache_size_pages=16"));
        EngineOptions expected = EngineOptions.defaults().withDurability(dev.crashbench.engine.Durability.NORMAL)
                .withOptimization(dev.crashbench.engine.Optimization.GROUP_COMMIT, true).withCacheSizePages(16);
        assertEquals(expected.toKeyValues(), configured.options());
        assertEquals("reference:durability=normal,cache_size_pages=16,group_commit=true", configured.describe());
        assertEquals(configured.options(), engines.byId("reference").configure(configured.options()).options(),
                "configure(options()) gives the configuration back");
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnesAndABadCombinationIsRefused() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> engines.byId("reference").configure("durabilty=full")).getMessage();
        assertTrue(unknown.startsWith("unknown option 'durabilty' for engine 'reference'; known: durability,"
                + " cache_size_pages,"), unknown);
        assertTrue(unknown.contains("group_commit") && unknown.contains("unsafe_sync_is_noop"), unknown);
        assertThrows(IllegalArgumentException.class,
                () -> engines.byId("reference").configure("wal_mmap=true,wal_dsync=true"));
    }

    @Test
    void durabilitySetsThePromiseAndOptimizationsTheCapabilities() {
        ReferenceEngine engine = new ReferenceEngine();
        assertEquals(DurabilityPromise.EVERY_COMMIT, engine.configure("durability=full").durability());
        assertEquals(DurabilityPromise.AT_CHECKPOINT, engine.configure("durability=normal").durability());
        assertEquals(DurabilityPromise.NONE, engine.configure("durability=off").durability());
        EngineConfiguration plain = engine.configure("");
        assertTrue(plain.has(Capability.CHECKPOINT) && plain.has(Capability.INTEGRITY_CHECK));
        assertFalse(plain.has(Capability.ASYNC_COMMIT) || plain.has(Capability.BACKGROUND_STEPS));
        assertTrue(engine.configure("group_commit=true").has(Capability.ASYNC_COMMIT));
        assertTrue(engine.configure("background_checkpoint=true").has(Capability.BACKGROUND_STEPS));
    }

    @Test
    void exceptionsAreClassified() {
        EngineConfiguration c = new ReferenceEngine().configure("");
        assertEquals(FailureKind.CORRUPTION_DETECTED, c.classify(new CorruptDatabaseException("db", 3, "checksum mismatch")));
        assertEquals(FailureKind.REFUSED, c.classify(new DatabaseFailedException("db", new IOException("EIO"))));
        assertEquals(FailureKind.INDETERMINATE, c.classify(new IOException("EIO")));
        assertEquals(FailureKind.BUG, c.classify(new IllegalStateException("a broken invariant")));
    }

    @Test
    void aSessionCreatesWritesReadsAndRecovers() throws IOException {
        MemoryVfs vfs = new MemoryVfs("reference-session");
        EngineConfiguration c = new ReferenceEngine().configure("");
        try (EngineSession s = c.open(vfs, "db")) {
            try (ReadView before = s.beginRead()) {
                assertNull(before.readAll(), "no key space before the creating commit");
            }
            s.create();
            s.put(1, new byte[] {1});
            s.put(2, new byte[] {2});
            s.commit();
            s.begin();
            assertTrue(s.delete(1));
            assertFalse(s.delete(7));
            assertArrayEquals(new byte[] {2}, s.get(2));
            s.rollback();
            assertTrue(s.checkIntegrity().isEmpty());
            assertFalse(s.failed());
            assertTrue(s.events().get("COMMIT") >= 1, s.events().toString());
        }
        try (EngineSession again = c.open(vfs, "db"); ReadView read = again.beginRead()) {
            SortedMap<Long, byte[]> rows = read.readAll();
            assertEquals(2, rows.size(), "the rolled-back delete left both rows");
            assertArrayEquals(new byte[] {1}, read.get(1));
        }
    }
}
