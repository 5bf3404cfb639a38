package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.JdbcContender;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The batch insert: {@code rows} rows into {@code users(id, name, email)} in one transaction,
 * {@code batch} rows per {@code executeBatch}, timed from the first row to the durable commit.
 * Then the database's size: while the connection is still open, and once it closed. The
 * directory must hold nothing else.
 */
public final class BatchInsert {
    private BatchInsert() {
    }

    /** What the insert measured: its rate and the database's size after it. */
    public record Outcome(Throughput throughput, Size size) {
    }

    public static Outcome run(JdbcContender contender, Path directory, int rows, int batch)
            throws SQLException, IOException {
        Throughput throughput;
        long whileOpen;
        try (Connection c = contender.open(directory, "insert")) {
            Tables.createUsers(c, contender);
            try (PreparedStatement sync = Tables.syncStatement(c, contender)) {
                long start = System.nanoTime();
                Tables.insertUsers(c, sync, rows, batch);
                throughput = new Throughput(rows, (System.nanoTime() - start) / 1e9);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                if (!rs.next() || rs.getLong(1) != rows) {
                    throw new IllegalStateException("the insert left " + rs.getLong(1) + " rows, not " + rows);
                }
            }
            whileOpen = Size.of(directory);
        }
        return new Outcome(throughput, new Size(Size.of(directory), whileOpen));
    }
}
