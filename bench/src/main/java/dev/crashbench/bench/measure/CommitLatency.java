package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.JdbcContender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.HdrHistogram.Histogram;

/**
 * Commit latency: table {@code kv(k INTEGER PRIMARY KEY, v TEXT)} with one row, and a prepared
 * {@code UPDATE kv SET v = ? WHERE k = 1} in auto-commit, the value alternating, so every
 * execution is one durable commit of one changed row. {@code warmup} untimed, then {@code timed}
 * timed; the committing thread's allocations over the timed ones are divided by their count.
 */
public final class CommitLatency {
    private static final String[] VALUES = {"value-a", "value-b"};

    private CommitLatency() {
    }

    public static Latency run(JdbcContender contender, Path directory, int warmup, int timed) throws SQLException {
        Allocations allocations = new Allocations();
        try (Connection c = contender.open(directory, "commit")) {
            Tables.createKv(c, contender);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv (k, v) VALUES (1, ?)");
                 PreparedStatement update = c.prepareStatement("UPDATE kv SET v = ? WHERE k = 1");
                 PreparedStatement sync = Tables.syncStatement(c, contender)) {
                insert.setString(1, VALUES[1]);
                insert.executeUpdate();
                for (int i = 0; i < warmup; i++) {
                    commitOnce(update, sync, i);
                }
                Histogram nanos = Latency.histogram();
                long before = allocations.now();
                for (int i = 0; i < timed; i++) {
                    long start = System.nanoTime();
                    commitOnce(update, sync, i);
                    nanos.recordValue(System.nanoTime() - start);
                }
                return Latency.of(nanos, Allocations.perOp(before, allocations.now(), timed));
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
