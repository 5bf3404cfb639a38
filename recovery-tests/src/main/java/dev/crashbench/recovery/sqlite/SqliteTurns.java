package dev.crashbench.recovery.sqlite;

import com.sun.jna.Pointer;
import dev.crashbench.faultvfs.Seeds;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turns at SQLite's one random number generator, so that what a connection draws depends on its
 * own seed and calls alone, whatever other connections do on other threads or inside its
 * callbacks.
 *
 * <p>Why: SQLite's generator is one per process (it makes WAL salts and journal nonces). Two
 * connections drawing from it, on two threads (the explorer recovers crash images on workers while
 * its workload runs) or one inside the other (a recovery run from a disk hook, inside a VFS
 * callback of the workload's connection), would each see draws that depend on the other's timing,
 * and a replay would diverge.
 *
 * <p>How: SQLite code runs only while its connection holds the process-wide lock, and every time a
 * connection takes the lock it reseeds the generator with its seed mixed with the number of turns
 * it has taken. A callback into the {@code Vfs} gives the lock up while the {@code Vfs} works (a
 * SimDisk hook may then recover other crash images, on this thread or while this thread waits for
 * workers, without a deadlock) and takes a new turn, reseeding, before it returns to SQLite. So
 * every draw is a function of (seed, turn number), and a connection's turns are the same calls in
 * every run.
 */
final class SqliteTurns {
    /** Held while any connection's SQLite code runs. */
    private static final ReentrantLock SQLITE = new ReentrantLock();

    private final long seed;
    /** Turns taken so far; read and written with {@link #SQLITE} held. */
    private long taken;

    SqliteTurns(long seed) {
        this.seed = seed;
    }

    /** One turn, ended by {@link Turn#close()}. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes a turn: waits for the lock, then reseeds the generator for this connection's next draws. */
    Turn take() {
        SQLITE.lock();
        try {
            reseed();
        } catch (RuntimeException | Error e) {
            SQLITE.unlock();
            throw e;
        }
        return SQLITE::unlock;
    }

    /**
     * Gives up the current thread's turn while {@code work} runs (the {@code Vfs} call of a callback),
     * and takes a new one after it. Outside a turn (a call that draws nothing, such as a finalize)
     * it just runs {@code work}.
     */
    <T, E extends Exception> T outside(Work<T, E> work) throws E {
        int holds = SQLITE.getHoldCount();
        for (int i = 0; i < holds; i++) {
            SQLITE.unlock();
        }
        try {
            return work.run();
        } finally {
            for (int i = 0; i < holds; i++) {
                SQLITE.lock();
            }
            if (holds > 0) {
                reseed();
            }
        }
    }

    /** What runs outside a turn. */
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    private void reseed() {
        SqliteNative.library().sqlite3_test_control(SqliteCodes.TESTCTRL_PRNG_SEED,
                nonZero(Seeds.mix(seed, taken++)), Pointer.NULL);
    }

    /** A non-zero 32-bit seed for SQLite's generator (zero would mean "ask the default VFS"). */
    private static int nonZero(long seed) {
        int s = (int) (seed ^ (seed >>> 32));
        return s == 0 ? 1 : s;
    }
}
