package dev.crashbench.recovery.explore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs work on a few threads and what follows from it on the caller's thread, in submission
 * order. The caller (the thread that builds crash images) submits each piece of work with a
 * continuation; the work (a recovery: a pure function of its crash image) may run on any worker,
 * but continuations run one at a time on the caller's thread, in the order they were submitted,
 * each after its work is done. So whatever the continuations do (count states, report
 * violations, decide the budget is spent) happens in exactly the order a single thread would do
 * it, whatever the thread count and the timing.
 *
 * <p>Continuations run when the caller submits more (those whose work is done) and when more than
 * {@code window} are waiting (then the caller waits for the oldest), and all of them in
 * {@link #drain}. With one thread there is no pool: the work runs at once on the caller's thread,
 * then its continuation, which is exactly a plain loop.
 *
 * <p>Only the caller's thread may call this class; a continuation must not submit.
 */
final class InOrderPool {
    /** The result of submitted work, available to its continuation and to later ones. */
    interface Result<T> {
        /** The work's value; rethrows what the work threw. Waits for the work if it is still running. */
        T get();
    }

    private final int threads;
    private final int window;
    private final Deque<Entry<?>> waiting = new ArrayDeque<>();
    private ExecutorService pool;
    private boolean applying;
    private boolean failed;

    /**
     * @param threads the worker threads; 1 runs everything on the caller's thread
     * @param window  how many continuations may wait before the caller waits for the oldest
     */
    InOrderPool(int threads, int window) {
        if (threads < 1 || window < 1) {
            throw new IllegalArgumentException("threads and window must be positive");
        }
        this.threads = threads;
        this.window = window;
    }

    /** Runs {@code work} (on a worker), then {@code then} with its result (on this thread, in order). */
    <T> Result<T> submit(Supplier<T> work, Consumer<Result<T>> then) {
        checkNotApplying();
        if (threads == 1) {
            Result<T> result = Done.of(work);
            apply(() -> then.accept(result));
            return result;
        }
        Future<T> future = pool().submit(work::get);
        Result<T> result = new Pending<>(future);
        enqueue(new Entry<>(result, then));
        return result;
    }

    /** Runs {@code action} on this thread once every continuation submitted before it has run. */
    void then(Runnable action) {
        checkNotApplying();
        if (threads == 1 || waiting.isEmpty()) {
            apply(action);
            return;
        }
        enqueue(new Entry<Void>(null, r -> action.run()));
    }

    /** Runs every waiting continuation, waiting for its work as needed. */
    void drain() {
        checkNotApplying();
        while (!waiting.isEmpty()) {
            runOldest();
        }
    }

    /** Whether continuations are waiting (so the state they will change is not final yet). */
    boolean busy() {
        return !waiting.isEmpty();
    }

    /** Whether a continuation threw: what a plain loop would have stopped at. */
    boolean failed() {
        return failed;
    }

    /** Whether a continuation is running now (on this thread). */
    boolean applying() {
        return applying;
    }

    /** Drops what is waiting (its work may still finish, unseen) and stops the workers. */
    void shutdown() {
        waiting.clear();
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private void enqueue(Entry<?> entry) {
        waiting.addLast(entry);
        while (!waiting.isEmpty() && (waiting.size() > window || waiting.peekFirst().ready())) {
            runOldest();
        }
    }

    private void runOldest() {
        Entry<?> oldest = waiting.pollFirst();
        apply(oldest::run);
    }

    private void apply(Runnable continuation) {
        applying = true;
        try {
            continuation.run();
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        } finally {
            applying = false;
        }
    }

    private void checkNotApplying() {
        if (applying) {
            throw new IllegalStateException("a continuation must not submit: it would run out of order");
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "crashbench-recovery-" + count.incrementAndGet());
                t.setDaemon(true); // a caller that never drains must not keep the JVM alive
                return t;
            });
        }
        return pool;
    }

    private static final class Entry<T> {
        private final Result<T> result;
        private final Consumer<Result<T>> then;

        Entry(Result<T> result, Consumer<Result<T>> then) {
            this.result = result;
            this.then = then;
        }

        boolean ready() {
            return !(result instanceof Pending<T> p) || p.future.isDone();
        }

        void run() {
            then.accept(result);
        }
    }

    /** Work that ran on the caller's thread: its value or what it threw. */
    private record Done<T>(T value, RuntimeException failure, Error error) implements Result<T> {
        static <T> Done<T> of(Supplier<T> work) {
            try {
                return new Done<>(work.get(), null, null);
            } catch (RuntimeException e) {
                return new Done<>(null, e, null);
            } catch (Error e) {
                return new Done<>(null, null, e);
            }
        }

        @Override
        public T get() {
            if (failure != null) {
                throw failure;
            }
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    /** Work on a worker thread. */
    private record Pending<T>(Future<T> future) implements Result<T> {
        @Override
        public T get() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return future.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // the work is running; its result is still needed
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof RuntimeException r) {
                            throw r;
                        }
                        if (cause instanceof Error err) {
                            throw err;
                        }
                        throw new IllegalStateException(cause);
                    } catch (CancellationException e) {
                        throw new IllegalStateException("the work was dropped by a shutdown", e);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
