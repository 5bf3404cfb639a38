package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.JdbcContender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Concurrent writers: for each writer count of {@link #WRITERS}, a fresh database with table
 * {@code kv} holding one row per writer, then that many threads, each on its own connection,
 * committing one-row UPDATEs of its own row in auto-commit ({@code warmup} untimed, then
 * {@code timed} timed each). The threads start together; durable commits per second are all timed
 * commits over the time from that start to the last thread's end. An engine that serializes
 * writers (SQLite; the reference engine without group commit) makes them wait in line, and the
 * wait is part of each commit's latency, as a user would see it.
 */
public final class ConcurrentCommits {
    /** The writer counts, as the optimization plan's concurrency targets name them. */
    public static final List<Integer> WRITERS = List.of(1, 4, 8);

    private static final String[] VALUES = {"value-a", "value-b"};

    private ConcurrentCommits() {
    }

    public static Concurrency run(JdbcContender contender, Path directory, int warmup, int timed)
            throws SQLException, InterruptedException {
        List<WriterRun> runs = new ArrayList<>();
        for (int writers : WRITERS) {
            runs.add(runWriters(contender, directory, "concurrent-" + writers, writers, warmup, timed));
        }
        return new Concurrency(runs);
    }

    private static WriterRun runWriters(JdbcContender contender, Path directory, String name, int writers, int warmup,
                                        int timed) throws SQLException, InterruptedException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                connections.add(contender.open(directory, name));
            }
            Connection first = connections.get(0);
            Tables.createKv(first, contender);
            try (PreparedStatement insert = first.prepareStatement("INSERT INTO kv (k, v) VALUES (?, ?)")) {
                for (int w = 1; w <= writers; w++) {
                    insert.setLong(1, w);
                    insert.setString(2, VALUES[0]);
                    insert.executeUpdate();
                }
            }
            Histogram[] nanos = new Histogram[writers];
            long[] endNanos = new long[writers];
            CountDownLatch ready = new CountDownLatch(writers);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int index = w;
                nanos[w] = Latency.histogram();
                Thread t = new Thread(() -> {
                    try {
                        write(contender, connections.get(index), index + 1, warmup, timed, nanos[index], ready, go);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        ready.countDown();
                    } finally {
                        endNanos[index] = System.nanoTime();
                    }
                }, "bench-writer-" + (w + 1));
                threads.add(t);
                t.start();
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            long end = start;
            long firstEnd = Long.MAX_VALUE;
            for (int w = 0; w < writers; w++) {
                threads.get(w).join();
                end = Math.max(end, endNanos[w]);
                firstEnd = Math.min(firstEnd, endNanos[w]);
            }
            if (failure.get() != null) {
                throw new SQLException(writers + " writers on " + contender.name() + ": " + failure.get(), failure.get());
            }
            Histogram all = Latency.histogram();
            for (Histogram h : nanos) {
                all.add(h);
            }
            return new WriterRun(writers, Latency.of(all, Double.NaN),
                    (double) writers * timed / ((end - start) / 1e9), (double) (firstEnd - start) / (end - start));
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** One writer: warm-up, then waits for the common start, then its timed commits. */
    private static void write(JdbcContender contender, Connection c, long row, int warmup, int timed, Histogram nanos,
                              CountDownLatch ready, CountDownLatch go) throws SQLException, InterruptedException {
        try (PreparedStatement update = c.prepareStatement("UPDATE kv SET v = ? WHERE k = ?");
             PreparedStatement sync = Tables.syncStatement(c, contender)) {
            update.setLong(2, row);
            for (int i = 0; i < warmup; i++) {
                commitOnce(update, sync, i);
            }
            ready.countDown();
            go.await();
            for (int i = 0; i < timed; i++) {
                long start = System.nanoTime();
                commitOnce(update, sync, i);
                nanos.recordValue(System.nanoTime() - start);
            }
        }
    }

    private static void commitOnce(PreparedStatement update, PreparedStatement sync, int i) throws SQLException {
        update.setString(1, VALUES[i & 1]);
        int changed = update.executeUpdate();
        if (changed != 1) {
            throw new IllegalStateException("the UPDATE changed " + changed + " rows, not 1");
        }
        if (sync != null) {
            sync.execute();
        }
    }
}
