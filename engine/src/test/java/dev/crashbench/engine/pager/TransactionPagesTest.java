package dev.crashbench.engine.pager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A write transaction's pages at the pager level: allocation, release, and the free list's guards. */
class TransactionPagesTest {
    private Pager pager;

    @BeforeEach
    void open() throws IOException {
        pager = Pager.open(LocalVfs.at(TestDirs.fresh("transaction-pages")), "db", 100, 16, true);
    }

    @AfterEach
    void close() throws IOException {
        pager.close();
    }

    private void commit(TransactionPages pages) throws IOException {
        CommitRecord c = pages.prepare(pager.walCheckpointSequence());
        pager.append(c);
        pager.syncWal();
        pager.publishAppended();
    }

    @Test
    void allocationTakesPagesFromTheEndZeroFilled() throws IOException {
        TransactionPages pages = new TransactionPages(pager);
        assertTrue(pages.isEmpty());
        assertEquals(1, pages.allocate());
        assertEquals(2, pages.allocate());
        assertEquals(3, pages.pageCount());
        assertArrayEquals(new byte[Page.SIZE], pages.read(2));
        assertFalse(pages.isEmpty());
        pages.discard();
        assertTrue(pages.isEmpty());
        assertEquals(1, pages.pageCount());
    }

    @Test
    void aFreedPageIsTheNextAllocatedAndComesBackZeroed() throws IOException {
        TransactionPages pages = new TransactionPages(pager);
        for (int i = 0; i < 4; i++) {
            pages.write(pages.allocate())[10] = 42;
        }
        commit(pages);
        pages = new TransactionPages(pager);
        pages.free(2);
        pages.free(4);
        assertEquals(new DbHeader(5, 4, 2, 0, 0, DbHeader.empty().homeDigest()), pages.header());
        assertTrue(FreePage.isFree(pages.read(4)));
        assertEquals(2, FreePage.next(pages.read(4)));
        commit(pages);

        pages = new TransactionPages(pager);
        assertEquals(4, pages.allocate(), "the list is last in, first out");
        assertArrayEquals(new byte[Page.SIZE], pages.read(4), "a reused page is zeroed, trailer included");
        assertEquals(2, pages.allocate());
        assertEquals(5, pages.allocate(), "then the file grows");
        assertEquals(new DbHeader(6, 0, 0, 0, 0, DbHeader.empty().homeDigest()), pages.header());
    }

    @Test
    void theHeaderAndPagesPastTheEndCannotBeFreed() throws IOException {
        TransactionPages pages = new TransactionPages(pager);
        pages.allocate();
        assertThrows(IllegalArgumentException.class, () -> pages.free(0));
        assertThrows(IllegalArgumentException.class, () -> pages.free(2));
        assertThrows(IllegalArgumentException.class, () -> pages.free(-1));
        pages.free(1);
    }

    @Test
    void aFreeListHeadThatIsNotAFreePageIsCorruptionNotReuse() throws IOException {
        TransactionPages pages = new TransactionPages(pager);
        pages.write(pages.allocate())[0] = Page.TYPE_LEAF;
        pages.allocate();
        commit(pages);
        // A committed header whose free list points at the leaf, as damage could leave it.
        DbHeader damaged = pager.committedHeader().withFreeList(1, 1);
        TransactionPages writer = new TransactionPages(pager);
        damaged.encode(writer.write(0));
        new PageChecksum().seal(0, writer.write(0));
        CommitRecord record = new CommitRecord(1);
        record.add(0, writer.read(0));
        record.seal(damaged, pager.committedDigest());
        pager.append(record);
        pager.publishAppended();

        TransactionPages next = new TransactionPages(pager);
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, next::allocate);
        assertEquals(1, e.page());
    }
}
