package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.JdbcContender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.HdrHistogram.Histogram;

/**
 * The join: {@code users} users with {@code ordersPerUser} orders each (untimed), then
 * {@link #SQL} run {@code warmup} untimed and {@code timed} timed times. Every run's result is
 * checked: one group per user, each with the known sum of its order amounts.
 */
public final class JoinGroupBy {
    public static final String SQL =
            "SELECT u.id, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id";

    private JoinGroupBy() {
    }

    public static Latency run(JdbcContender contender, Path directory, int users, int ordersPerUser, int batch,
                              int warmup, int timed) throws SQLException {
        Allocations allocations = new Allocations();
        try (Connection c = contender.open(directory, "join")) {
            Tables.createUsers(c, contender);
            Tables.createOrders(c);
            try (PreparedStatement sync = Tables.syncStatement(c, contender)) {
                Tables.insertUsers(c, sync, users, batch);
                insertOrders(c, sync, users, ordersPerUser, batch);
            }
            double perUser = 0;
            for (int k = 0; k < ordersPerUser; k++) {
                perUser += amount(k);
            }
            try (PreparedStatement join = c.prepareStatement(SQL)) {
                for (int i = 0; i < warmup; i++) {
                    runOnce(join, users, perUser);
                }
                Histogram nanos = Latency.histogram();
                long before = allocations.now();
                for (int i = 0; i < timed; i++) {
                    long start = System.nanoTime();
                    runOnce(join, users, perUser);
                    nanos.recordValue(System.nanoTime() - start);
                }
                return Latency.of(nanos, Allocations.perOp(before, allocations.now(), timed));
            }
        }
    }

    /** Order amounts: quarters, so every sum is exact in binary floating point. */
    private static double amount(int k) {
        return (k % 100) + 0.25;
    }

    private static void insertOrders(Connection c, PreparedStatement sync, int users, int ordersPerUser, int batch)
            throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, user_id, amount) VALUES (?, ?, ?)")) {
            long id = 0;
            for (int u = 1; u <= users; u++) {
                for (int k = 0; k < ordersPerUser; k++) {
                    insert.setLong(1, ++id);
                    insert.setLong(2, u);
                    insert.setDouble(3, amount(k));
                    insert.addBatch();
                    if (id % batch == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        Tables.commit(c, sync);
        c.setAutoCommit(true);
    }

    private static void runOnce(PreparedStatement join, int users, double perUser) throws SQLException {
        int groups = 0;
        try (ResultSet rs = join.executeQuery()) {
            while (rs.next()) {
                groups++;
                double sum = rs.getDouble(2);
                if (sum != perUser) {
                    throw new IllegalStateException("user " + rs.getLong(1) + ": SUM " + sum + ", expected " + perUser);
                }
            }
        }
        if (groups != users) {
            throw new IllegalStateException("the join returned " + groups + " groups, not " + users);
        }
    }
}
