package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One writer at a time: a second thread's {@code beginWrite} waits for the first to end. */
class WriterLockTest {
    private static final long GENEROUS_SECONDS = 30;

    /** Waits until {@code thread} is parked in a synchronizer (the writer lock); fails instead of hanging. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
        while (thread.getState() != Thread.State.WAITING
                || !(LockSupport.getBlocker(thread) instanceof AbstractQueuedSynchronizer)) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new AssertionError("second writer never blocked; state " + thread.getState());
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aSecondWriterWaitsUntilTheFirstCommitsAndThenSeesItsCommit() throws Exception {
        try (Database db = TestDb.fresh("writer-lock").open()) {
            put(db, "t", 1, bytes("first"));
            WriteTransaction first = db.beginWrite();
            first.table("t").put(1, bytes("second"));

            CountDownLatch began = new CountDownLatch(1);
            AtomicReference<String> seen = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try (WriteTransaction w = db.beginWrite()) {
                    began.countDown();
                    seen.set(string(w.table("t").get(1)));
                    w.table("t").put(2, bytes("from the other thread"));
                    w.commit();
                } catch (Throwable t) {
                    failure.set(t);
                    began.countDown();
                }
            }, "second-writer");
            other.start();
            awaitParked(other);
            assertEquals(1, began.getCount(), "the second writer began while the first was open");

            first.commit();
            assertTrue(began.await(GENEROUS_SECONDS, TimeUnit.SECONDS), "the second writer never began");
            other.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
            assertNull(failure.get());
            assertEquals("second", seen.get(), "it began after the first commit and sees it");
            assertEquals("from the other thread", string(TestDb.get(db, "t", 2)));
        }
    }

    @Test
    void aRollbackAlsoLetsTheWaitingWriterIn() throws Exception {
        try (Database db = TestDb.fresh("writer-lock-rollback").open()) {
            put(db, "t", 1, bytes("base"));
            WriteTransaction first = db.beginWrite();
            first.table("t").put(1, bytes("rolled back"));
            AtomicReference<String> seen = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try (WriteTransaction w = db.beginWrite()) {
                    seen.set(string(w.table("t").get(1)));
                } catch (IOException e) {
                    seen.set(e.toString());
                }
            }, "second-writer");
            other.start();
            awaitParked(other);
            first.rollback();
            other.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
            assertEquals("base", seen.get());
        }
    }

    @Test
    void withoutWriterReuseATransactionMayEndOnAnotherThread() throws Exception {
        endOnAnotherThread(EngineOptions.baseline(), false);
    }

    @Test
    void withTheDefaultsATransactionHandedOverOnPurposeMayEndOnAnotherThread() throws Exception {
        endOnAnotherThread(EngineOptions.defaults(), true);
    }

    private void endOnAnotherThread(EngineOptions options, boolean takeOver) throws Exception {
        try (Database db = TestDb.fresh("writer-handoff").open(options)) {
            WriteTransaction w = db.beginWrite();
            w.createTable("t").put(1, bytes("handed over"));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    if (takeOver) {
                        w.continueOnThisThread();
                    }
                    w.commit();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            other.start();
            other.join(TimeUnit.SECONDS.toMillis(GENEROUS_SECONDS));
            assertNull(failure.get());
            try (WriteTransaction next = db.beginWrite()) { // the lock was released by the other thread
                assertEquals("handed over", string(next.table("t").get(1)));
            }
        }
    }
}
