package dev.crashbench.recovery.fuzz;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.TableState;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The corruption fuzz of issue 14: copies of one {@link FuzzBase} (a checkpointed part and a
 * 30-commit WAL tail, cleanly closed), each damaged once ({@link Damager}, every
 * {@link DamageKind} in turn), reopened by the reference engine with a time limit per copy, read
 * whole, checked for integrity, and classified ({@link #classify}): a clean error, all commits,
 * an acknowledged prefix (only for a WAL truncated inside its used part, which is what a crash
 * leaves), or a failure (silent loss, wrong data, a foreign exception, a hang, an
 * OutOfMemoryError). Copy {@code i}'s damage comes from the seed and {@code i} alone, so a run
 * repeats exactly, and copy {@code i} can be run again on its own.
 */
public final class CorruptionFuzz {
    private static final long COPY_STREAM = 0x9E3779B97F4A7C15L;

    /** What reopening a damaged copy is: the engine's open, read and integrity check, or a stand-in in tests. */
    @FunctionalInterface
    interface Reopening {
        Observed reopen(Damager.Copy copy);
    }

    private final FuzzBase base;
    private final long seed;
    private final Duration limit;
    private final Reopening reopening;

    public CorruptionFuzz(FuzzBase base, long seed, Duration limit) {
        this(base, seed, limit, copy -> reopen(copy, base));
    }

    CorruptionFuzz(FuzzBase base, long seed, Duration limit, Reopening reopening) {
        this.base = base;
        this.seed = seed;
        this.limit = limit;
        this.reopening = reopening;
    }

    /** Runs copies {@code 0 .. copies-1}. */
    public FuzzReport run(int copies) {
        FuzzReport report = new FuzzReport(seed, copies);
        ExecutorService worker = newWorker();
        try {
            for (int i = 0; i < copies; i++) {
                DamageKind kind = DamageKind.values()[i % DamageKind.values().length];
                Damager.Copy copy = Damager.damage(kind, base, new SplittableRandom(seed + COPY_STREAM * (i + 1)));
                Observed observed = observe(worker, copy);
                if (observed.timedOut()) {
                    worker.shutdownNow(); // the hung case keeps its thread; the next case gets a new one
                    worker = newWorker();
                }
                report.add(i, copy, classify(kind, observed, base));
            }
        } finally {
            worker.shutdownNow();
        }
        return report;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "corruption-fuzz-case");
            thread.setDaemon(true);
            return thread;
        });
    }

    private Observed observe(ExecutorService worker, Damager.Copy copy) {
        Future<Observed> result = worker.submit(() -> reopening.reopen(copy));
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return Observed.hung();
        } catch (ExecutionException e) {
            return Observed.threw(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observed.threw(e);
        }
    }

    /** Opens the damaged copy, reads the table and checks integrity; whatever it throws is the answer. */
    private static Observed reopen(Damager.Copy copy, FuzzBase base) {
        try {
            MemoryVfs disk = FuzzBase.disk(copy.db(), copy.wal());
            try (Database database = Database.open(disk, Oracle.DB_PATH, base.options())) {
                TableState table = Oracle.contents(database);
                List<IntegrityProblem> problems = database.checkIntegrity();
                return problems.isEmpty() ? Observed.read(table) : Observed.integrityProblems(problems.size());
            }
        } catch (Throwable t) { // an OutOfMemoryError or a foreign exception is an answer to classify
            return Observed.threw(t);
        }
    }

    /**
     * The verdict on one copy: what the engine did with damage of {@code kind} to {@code base}. A
     * corruption error or an integrity report is a clean error; a table state is judged against
     * the base's commits.
     */
    static Outcome classify(DamageKind kind, Observed observed, FuzzBase base) {
        if (observed.timedOut()) {
            return Outcome.HANG;
        }
        if (observed.thrown() != null) {
            if (observed.thrown() instanceof OutOfMemoryError) {
                return Outcome.OUT_OF_MEMORY;
            }
            return observed.thrown() instanceof CorruptDatabaseException ? Outcome.CLEAN_ERROR : Outcome.FOREIGN_EXCEPTION;
        }
        if (observed.problems() > 0) {
            return Outcome.CLEAN_ERROR;
        }
        if (observed.table().sameAs(base.state(FuzzBase.TAIL_COMMITS))) {
            return Outcome.ALL_COMMITS;
        }
        for (int k = FuzzBase.TAIL_COMMITS - 1; k >= 0; k--) {
            if (observed.table().sameAs(base.state(k))) {
                return kind.mayLoseTail() ? Outcome.ACKNOWLEDGED_PREFIX : Outcome.LOST_COMMITS;
            }
        }
        return Outcome.WRONG_DATA;
    }
}
