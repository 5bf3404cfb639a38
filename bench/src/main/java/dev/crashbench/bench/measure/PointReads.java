package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.JdbcContender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Point reads: {@code users} filled with {@code rows} rows (untimed), then a prepared
 * {@code SELECT * FROM users WHERE id = ?} in auto-commit on random ids from {@code seed}, so every
 * contender of a round reads the same keys.
 */
public final class PointReads {
    private PointReads() {
    }

    public static Latency run(JdbcContender contender, Path directory, int rows, int batch, int warmup, int timed,
                              long seed) throws SQLException {
        Allocations allocations = new Allocations();
        try (Connection c = contender.open(directory, "read")) {
            Tables.createUsers(c, contender);
            try (PreparedStatement sync = Tables.syncStatement(c, contender)) {
                Tables.insertUsers(c, sync, rows, batch);
            }
            SplittableRandom keys = new SplittableRandom(seed);
            try (PreparedStatement select = c.prepareStatement("SELECT * FROM users WHERE id = ?")) {
                for (int i = 0; i < warmup; i++) {
                    readOnce(select, 1 + keys.nextInt(rows));
                }
                Histogram nanos = Latency.histogram();
                long before = allocations.now();
                for (int i = 0; i < timed; i++) {
                    long id = 1 + keys.nextInt(rows);
                    long start = System.nanoTime();
                    readOnce(select, id);
                    nanos.recordValue(System.nanoTime() - start);
                }
                return Latency.of(nanos, Allocations.perOp(before, allocations.now(), timed));
            }
        }
    }

    private static void readOnce(PreparedStatement select, long id) throws SQLException {
        select.setLong(1, id);
        try (ResultSet rs = select.executeQuery()) {
            if (!rs.next() || rs.getLong(1) != id || rs.getString(2) == null || rs.getString(3) == null) {
                throw new IllegalStateException("user " + id + " is missing or incomplete");
            }
        }
    }
}
