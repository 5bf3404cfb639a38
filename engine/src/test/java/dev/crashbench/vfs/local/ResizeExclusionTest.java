package dev.crashbench.vfs.local;

import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The NIO backend grows a file by reading its size and then writing zeros from there, so a write
 * past the old end that lands in between is zeroed; {@link LocalFile} must keep writes out while
 * a NIO truncate or allocate runs. That interleaving inside {@link NioIo} cannot be forced from
 * outside, so the test pauses the resize in a wrapping handle and watches a concurrent write:
 * with NIO it must wait on the handle's lock, with JNA (whose grows never touch data) it must
 * reach the descriptor at once. No sleeps decide the outcome: the writer is either seen inside
 * {@code pwrite} or seen parked on a lock.
 */
class ResizeExclusionTest {
    private static final long TIMEOUT_SECONDS = 10;
    private static final int GROWN_SIZE = 1 << 16;
    private static final long WRITE_OFFSET = 4096;

    enum Resize { TRUNCATE, ALLOCATE }

    @ParameterizedTest
    @CsvSource({"NIO, TRUNCATE", "NIO, ALLOCATE", "JNA, TRUNCATE", "JNA, ALLOCATE"})
    void aWriteWaitsForAGrowExactlyWhenTheBackendGrowsByWriting(Backend backend, Resize resize) throws Exception {
        assumeTrue(backend != Backend.JNA || Backend.jnaAvailable(), "JNA did not load");
        Path dir = TestDirs.fresh("resize-" + backend.id() + "-" + resize);
        LocalIo io = backend == Backend.JNA ? JnaIo.create() : new NioIo();
        PausingHandle handle = new PausingHandle(io.open(dir.resolve("f"), "f", OpenMode.of(OpenOption.CREATE)));
        byte[] data = Bytes.pattern(100, 3);
        try (LocalFile f = new LocalFile("f", dir.resolve("f"), handle, false)) {
            FutureTask<Void> grow = start("grow", () -> {
                switch (resize) {
                    case TRUNCATE -> f.truncate(GROWN_SIZE);
                    case ALLOCATE -> f.allocate(GROWN_SIZE);
                }
                return null;
            });
            assertTrue(handle.resizing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the resize never reached the handle");

            FutureTask<Integer> write = new FutureTask<>(() -> f.write(WRITE_OFFSET, ByteBuffer.wrap(data)));
            Thread writer = new Thread(write, "writer");
            writer.start();
            boolean writeWaited;
            try {
                writeWaited = waitedOnALock(handle, writer);
            } finally {
                handle.release.countDown(); // also on failure, so close() is not stuck behind the grow
            }
            grow.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals(data.length, write.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));

            assertEquals(backend == Backend.NIO, writeWaited, backend == Backend.NIO
                    ? "a NIO grow writes zeros from the old end: a write must not run beside it"
                    : "ftruncate and posix_fallocate never touch data: writes need not wait for them");
            assertEquals(GROWN_SIZE, f.size());
            ByteBuffer back = ByteBuffer.allocate(data.length);
            f.readFully(WRITE_OFFSET, back);
            assertArrayEquals(data, back.array(), "the write survived the grow");
        }
    }

    /** True once {@code writer} is parked on a lock, false once its write reached the handle. */
    private static boolean waitedOnALock(PausingHandle handle, Thread writer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (handle.writeArrived) {
                return false;
            }
            // AQS parks a thread waiting for a ReentrantReadWriteLock with the lock's sync as blocker.
            if (LockSupport.getBlocker(writer) instanceof AbstractQueuedSynchronizer) {
                return true;
            }
            Thread.onSpinWait();
        }
        return fail("the writer neither reached the handle nor waited on a lock; state " + writer.getState());
    }

    private static <T> FutureTask<T> start(String name, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        new Thread(task, name).start();
        return task;
    }

    /** A real handle whose truncate and allocate stop, once inside, until released. */
    private static final class PausingHandle implements LocalIo.Handle {
        private final LocalIo.Handle real;
        final CountDownLatch resizing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean writeArrived;

        PausingHandle(LocalIo.Handle real) {
            this.real = real;
        }

        private void pause() {
            resizing.countDown();
            try {
                if (!release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("the resize was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public int pread(long offset, ByteBuffer dst) throws ErrnoException {
            return real.pread(offset, dst);
        }

        @Override
        public int pwrite(long offset, ByteBuffer src) throws ErrnoException {
            writeArrived = true;
            return real.pwrite(offset, src);
        }

        @Override
        public void fdatasync() throws ErrnoException {
            real.fdatasync();
        }

        @Override
        public void fsync() throws ErrnoException {
            real.fsync();
        }

        @Override
        public void ftruncate(long size) throws ErrnoException {
            pause();
            real.ftruncate(size);
        }

        @Override
        public long size() throws ErrnoException {
            return real.size();
        }

        @Override
        public void allocate(long size) throws ErrnoException {
            pause();
            real.allocate(size);
        }

        @Override
        public boolean growsByWriting() {
            return real.growsByWriting();
        }

        @Override
        public MappedByteBuffer map(long offset, int length, boolean readOnly) throws ErrnoException {
            return real.map(offset, length, readOnly);
        }

        @Override
        public boolean tryLock() throws ErrnoException {
            return real.tryLock();
        }

        @Override
        public void unlock() throws ErrnoException {
            real.unlock();
        }

        @Override
        public void close() throws ErrnoException {
            real.close();
        }
    }
}
