package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.CountedConnection;
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
 * timed; the committing thread's allocations over the timed ones, and the bytes the engine wrote
 * to its files (where the contender's writes can be counted), are divided by their count. With
 * {@code warmup} 0 on the fresh database this is the optimization plan's own protocol: no
 * warm-up, the WAL growing from empty.
 */
public final class CommitLatency {
    private static final String[] VALUES = {"value-a", "value-b"};

    private CommitLatency() {
    }

    public static Latency run(JdbcContender contender, Path directory, int warmup, int timed) throws SQLException {
        Allocations allocations = new Allocations();
        try (CountedConnection counted = contender.openCounted(directory, "commit")) {
            Connection c = counted.connection();
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
                long writtenBefore = counted.bytesWritten().getAsLong();
                for (int i = 0; i < timed; i++) {
                    long start = System.nanoTime();
                    commitOnce(update, sync, i);
                    nanos.recordValue(System.nanoTime() - start);
                }
                double allocated = Allocations.perOp(before, allocations.now(), timed);
                return Latency.of(nanos, allocated,
                        Allocations.perOp(writtenBefore, counted.bytesWritten().getAsLong(), timed));
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
