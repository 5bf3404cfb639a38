package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the object {@link Database#beginWrite} returns means with {@code writer_reuse}: the
 * current write transaction, valid until its commit, rollback or close (see
 * {@link WriteTransaction}). Each documented rule has its case here, the one no check can catch
 * included, so the documentation cannot drift from the behaviour.
 */
class ReusedWriterSemanticsTest {
    private static final EngineOptions REUSE = EngineOptions.defaults().withOptimization(Optimization.WRITER_REUSE, true);

    private static Database open() throws IOException {
        return Database.open(new MemoryVfs("reused-writer"), "db", REUSE);
    }

    private static byte[] value(int tag) {
        return new byte[] {(byte) tag, 7};
    }

    private static byte[] committed(Database db, long key) throws IOException {
        try (ReadTransaction read = db.beginRead()) {
            return read.table("t").get(key);
        }
    }

    @Test
    void tryWithResourcesAfterACommitIsANoOp() throws IOException {
        try (Database db = open()) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable("t").put(1, value(1));
                tx.commit();
            }
            try (WriteTransaction tx = db.beginWrite()) {
                assertArrayEquals(value(1), tx.table("t").get(1), "the close after the commit undid nothing");
                tx.table("t").put(2, value(2));
                tx.commit();
            }
            assertArrayEquals(value(2), committed(db, 2));
            assertEquals(1, db.events().get(EngineEvent.WRITER_REUSED));
        }
    }

    @Test
    void rollbackAfterACommitIsANoOp() throws IOException {
        try (Database db = open()) {
            WriteTransaction tx = db.beginWrite();
            tx.createTable("t").put(1, value(1));
            tx.commit();
            tx.rollback();
            tx.rollback();
            assertFalse(tx.isOpen());
            assertArrayEquals(value(1), committed(db, 1));
            try (WriteTransaction next = db.beginWrite()) {
                next.table("t").put(2, value(2));
                next.commit();
            }
            assertArrayEquals(value(2), committed(db, 2));
        }
    }

    @Test
    void aReferenceKeptPastItsCommitIsRefusedOnAnotherThreadAndLeavesThatTransactionAlone() throws Exception {
        try (Database db = open()) {
            WriteTransaction kept = db.beginWrite();
            kept.createTable("t").put(1, value(1));
            kept.commit();
            CountDownLatch begun = new CountDownLatch(1);
            CountDownLatch tried = new CountDownLatch(1);
            AtomicReference<Throwable> otherFailed = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try (WriteTransaction tx = db.beginWrite()) {
                    tx.table("t").put(2, value(2));
                    begun.countDown();
                    tried.await();
                    tx.table("t").put(3, value(3));
                    tx.commit();
                } catch (Throwable e) {
                    otherFailed.set(e);
                    begun.countDown();
                }
            }, "other-writer");
            other.start();
            begun.await();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> kept.table("t").put(9, value(9)));
            assertTrue(refused.getMessage().contains("other-writer"), refused.getMessage());
            assertThrows(IllegalStateException.class, kept::commit);
            kept.close(); // a late try-with-resources close from this thread: nothing
            tried.countDown();
            other.join();
            assertNull(otherFailed.get());
            assertArrayEquals(value(2), committed(db, 2));
            assertArrayEquals(value(3), committed(db, 3));
            assertNull(committed(db, 9));
        }
    }

    @Test
    void aTransactionHandedToAnotherThreadOnPurposeIsTakenOverThere() throws Exception {
        try (Database db = open()) {
            WriteTransaction tx = db.beginWrite();
            tx.createTable("t").put(1, value(1));
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread taker = new Thread(() -> {
                try {
                    tx.continueOnThisThread();
                    tx.table("t").put(2, value(2));
                    tx.commit();
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            taker.start();
            taker.join();
            assertNull(failed.get());
            assertArrayEquals(value(2), committed(db, 2));
            assertThrows(IllegalStateException.class, tx::continueOnThisThread, "nothing is running on it now");
        }
    }

    @Test
    void afterTheDatabaseClosedEveryUseIsRefused() throws IOException {
        Database db = open();
        WriteTransaction tx = db.beginWrite();
        tx.createTable("t").put(1, value(1));
        db.close();
        assertFalse(tx.isOpen(), "closing the database rolled the open transaction back");
        assertThrows(IllegalStateException.class, () -> tx.table("t"));
        assertThrows(IllegalStateException.class, tx::commit);
        tx.close();
        tx.rollback();
        assertThrows(IllegalStateException.class, db::beginWrite);
    }

    /** The limit the documentation names: on the thread that began again, a kept reference is the new transaction. */
    @Test
    void aLateCloseOnTheSameThreadAfterItBeganAgainRollsTheNewTransactionBack() throws IOException {
        try (Database db = open()) {
            WriteTransaction first = db.beginWrite();
            first.createTable("t").put(1, value(1));
            first.commit();
            WriteTransaction second = db.beginWrite();
            assertSame(first, second);
            second.table("t").put(2, value(2));
            first.close();
            assertFalse(second.isOpen());
            assertNull(committed(db, 2));
        }
    }

    /** A JDBC connection holds its current transaction, never a stale one, so it may move between threads. */
    @Test
    void aConnectionsTransactionMayContinueOnAnotherThread() throws Exception {
        String url = "jdbc:crashbench:mem:reused-writer-jdbc?writer_reuse=true";
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t VALUES (1, 'a')");
            }
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread next = new Thread(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO t VALUES (2, 'b')");
                    c.commit();
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            next.start();
            next.join();
            assertNull(failed.get());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
