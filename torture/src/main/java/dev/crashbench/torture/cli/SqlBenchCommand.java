package dev.crashbench.torture.cli;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.vfs.local.FileSystemType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crashbench sql-bench}: the reference engine and SQLite side by side through the same JDBC
 * code on the real disk. A measurement, not a gate: nothing here runs a crash campaign first.
 */
@Command(name = "sql-bench", mixinStandardHelpOptions = true,
        description = {"Through JDBC on the real disk, the reference engine (FULL durability) and SQLite "
                + "(journal_mode=WAL, synchronous=FULL) in one run, interleaved: prepared point reads "
                + "(p50/p95), a batch insert in one transaction (rows/s), and a join with GROUP BY (p50/p95).",
                "Refuses RAM-backed file systems unless --allow-tmpfs."})
public final class SqlBenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Directory for the databases (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("target", "sql-bench");

    @Option(names = "--allow-tmpfs", description = "Run even on a RAM-backed file system (figures then mean little).")
    boolean allowTmpfs;

    @Option(names = "--rows", description = "Rows for the point reads (default: ${DEFAULT-VALUE}).")
    int rows = 10_000;

    @Option(names = "--reads", description = "Timed point reads per engine (default: ${DEFAULT-VALUE}).")
    int reads = 20_000;

    @Option(names = "--insert-rows", description = "Rows of the batch insert (default: ${DEFAULT-VALUE}).")
    int insertRows = 100_000;

    @Option(names = "--users", description = "Users in the join (default: ${DEFAULT-VALUE}).")
    int users = 100;

    @Option(names = "--orders-per-user", description = "Orders per user in the join (default: ${DEFAULT-VALUE}).")
    int ordersPerUser = 1_000;

    @Option(names = "--join-runs", description = "Timed runs of the join per engine (default: ${DEFAULT-VALUE}).")
    int joinRuns = 30;

    @Option(names = "--rounds", description = "Rounds the timed work is split into, alternating engines (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--seed", description = "Seed of the read keys (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--engine-option", paramLabel = "KEY=VALUE",
            description = "Reference engine option, repeatable (as in the JDBC URL): durability=full|normal|off, "
                    + "cache_size_pages=N, auto_checkpoint_frames=N, wal_preallocated_frames=N.")
    List<String> engineOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || reads < rounds || insertRows < 1 || users < 1 || ordersPerUser < 1 || joinRuns < rounds || rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "sizes must be positive, and --reads and --join-runs at least --rounds");
        }
        StringBuilder query = new StringBuilder();
        EngineOptions checked = EngineOptions.defaults();
        for (String option : engineOptions) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--engine-option wants KEY=VALUE, got '" + option + "'");
            }
            try {
                checked = checked.with(option.substring(0, eq), option.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            query.append(query.length() == 0 ? "?" : "&").append(option);
        }
        Path directory = dir.toAbsolutePath().normalize();
        String fsType = FileSystemType.of(directory);
        if (FileSystemType.isMemoryBacked(fsType) && !allowTmpfs) {
            throw new CommandLine.ParameterException(spec.commandLine(), directory + " is on " + fsType
                    + ", which keeps data in memory and makes syncs free; use a real disk or pass --allow-tmpfs");
        }
        Files.createDirectories(directory);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sql-bench in %s (file system %s)%n", directory, fsType);
        out.printf("reference engine: %s; SQLite %s: journal_mode=WAL, synchronous=FULL%n", checked, sqliteVersion(directory));
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("crashbench", "jdbc:crashbench:" + directory.resolve("crashbench.db") + query);
        urls.put("sqlite", "jdbc:sqlite:" + directory.resolve("sqlite.db"));
        new Workload(out, urls, directory).run();
        return ExitCodes.OK;
    }

    private static String sqliteVersion(Path directory) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             ResultSet rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The three measurements over both engines, each engine on its own fresh database. */
    private final class Workload {
        private final PrintWriter out;
        private final Map<String, String> urls;
        private final Path directory;
        private final Map<String, Connection> connections = new LinkedHashMap<>();

        Workload(PrintWriter out, Map<String, String> urls, Path directory) {
            this.out = out;
            this.urls = urls;
            this.directory = directory;
        }

        void run() throws SQLException, IOException {
            for (String file : List.of("crashbench.db", "crashbench.db-wal", "sqlite.db", "sqlite.db-wal", "sqlite.db-shm")) {
                Files.deleteIfExists(directory.resolve(file));
            }
            try {
                for (Map.Entry<String, String> e : urls.entrySet()) {
                    Connection c = DriverManager.getConnection(e.getValue());
                    connections.put(e.getKey(), c);
                    if (e.getKey().equals("sqlite")) {
                        try (Statement s = c.createStatement()) {
                            s.execute("PRAGMA journal_mode=WAL");
                            s.execute("PRAGMA synchronous=FULL");
                        }
                    }
                }
                pointReads();
                batchInsert();
                join();
            } finally {
                for (Connection c : connections.values()) {
                    c.close();
                }
            }
        }

        private void pointReads() throws SQLException {
            for (Connection c : connections.values()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT)");
                }
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO kv (id, v, s) VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= rows; i++) {
                        p.setLong(1, i);
                        p.setLong(2, i * 7L);
                        p.setString(3, "value-" + i);
                        p.addBatch();
                        if (i % 1000 == 0 || i == rows) {
                            p.executeBatch();
                        }
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            }
            Map<String, Histogram> histograms = histograms();
            Map<String, PreparedStatement> statements = new LinkedHashMap<>();
            for (Map.Entry<String, Connection> e : connections.entrySet()) {
                statements.put(e.getKey(), e.getValue().prepareStatement("SELECT v, s FROM kv WHERE id = ?"));
            }
            long checksum = 0;
            try {
                SplittableRandom random = new SplittableRandom(seed);
                for (Map.Entry<String, PreparedStatement> e : statements.entrySet()) {
                    for (int i = 0; i < Math.min(reads, 2000); i++) {
                        checksum += read(e.getValue(), 1 + random.nextInt(rows));
                    }
                }
                int perRound = reads / rounds;
                for (int round = 0; round < rounds; round++) {
                    List<String> order = order(round);
                    for (String engine : order) {
                        PreparedStatement p = statements.get(engine);
                        Histogram h = histograms.get(engine);
                        SplittableRandom keys = new SplittableRandom(seed + round);
                        for (int i = 0; i < perRound; i++) {
                            long key = 1 + keys.nextInt(rows);
                            long start = System.nanoTime();
                            checksum += read(p, key);
                            h.recordValue(System.nanoTime() - start);
                        }
                    }
                }
            } finally {
                for (PreparedStatement p : statements.values()) {
                    p.close();
                }
            }
            out.printf("%nprepared point read, %,d rows, %,d timed reads per engine (auto-commit), checksum %d:%n",
                    rows, (reads / rounds) * rounds, checksum);
            report(histograms);
        }

        private long read(PreparedStatement p, long key) throws SQLException {
            p.setLong(1, key);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("row " + key + " is missing");
                }
                return rs.getLong(1) + rs.getString(2).length();
            }
        }

        private void batchInsert() throws SQLException {
            out.printf("%nbatch insert of %,d rows in one transaction (prepared, executeBatch every 1,000 rows, then commit):%n",
                    insertRows);
            for (Map.Entry<String, Connection> e : connections.entrySet()) {
                Connection c = e.getValue();
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
                }
                c.setAutoCommit(false);
                long start = System.nanoTime();
                try (PreparedStatement p = c.prepareStatement("INSERT INTO items (a, b) VALUES (?, ?)")) {
                    for (int i = 0; i < insertRows; i++) {
                        p.setLong(1, i);
                        p.setString(2, "item-" + i);
                        p.addBatch();
                        if ((i + 1) % 1000 == 0 || i + 1 == insertRows) {
                            p.executeBatch();
                        }
                    }
                }
                c.commit();
                long elapsed = System.nanoTime() - start;
                c.setAutoCommit(true);
                out.printf("  %-11s %,12.0f rows/s  (%,.1f ms)%n", e.getKey(), insertRows / (elapsed / 1e9), elapsed / 1e6);
            }
        }

        private void join() throws SQLException {
            for (Connection c : connections.values()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
                    s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL)");
                }
                c.setAutoCommit(false);
                try (PreparedStatement u = c.prepareStatement("INSERT INTO users (id, name) VALUES (?, ?)");
                     PreparedStatement o = c.prepareStatement("INSERT INTO orders (user_id, amount) VALUES (?, ?)")) {
                    for (int i = 1; i <= users; i++) {
                        u.setLong(1, i);
                        u.setString(2, "user-" + i);
                        u.addBatch();
                        for (int k = 0; k < ordersPerUser; k++) {
                            o.setLong(1, i);
                            o.setDouble(2, (k % 100) + 0.25);
                            o.addBatch();
                        }
                        o.executeBatch();
                    }
                    u.executeBatch();
                }
                c.commit();
                c.setAutoCommit(true);
            }
            String sql = "SELECT u.id, SUM(o.amount) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id";
            Map<String, Histogram> histograms = histograms();
            Map<String, PreparedStatement> statements = new LinkedHashMap<>();
            for (Map.Entry<String, Connection> e : connections.entrySet()) {
                statements.put(e.getKey(), e.getValue().prepareStatement(sql));
            }
            double expected = -1;
            try {
                for (PreparedStatement p : statements.values()) {
                    for (int i = 0; i < 3; i++) {
                        expected = check(expected, runJoin(p));
                    }
                }
                int perRound = joinRuns / rounds;
                for (int round = 0; round < rounds; round++) {
                    for (String engine : order(round)) {
                        for (int i = 0; i < perRound; i++) {
                            long start = System.nanoTime();
                            double total = runJoin(statements.get(engine));
                            histograms.get(engine).recordValue(System.nanoTime() - start);
                            expected = check(expected, total);
                        }
                    }
                }
            } finally {
                for (PreparedStatement p : statements.values()) {
                    p.close();
                }
            }
            out.printf("%njoin, %,d users x %,d orders, %d timed runs per engine: %s%n", users, ordersPerUser,
                    (joinRuns / rounds) * rounds, sql);
            report(histograms);
            try (ResultSet rs = connections.get("crashbench").createStatement().executeQuery("EXPLAIN " + sql)) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(plan.length() == 0 ? "" : "; ").append(rs.getString(1));
                }
                out.printf("  reference engine plan: %s%n", plan);
            }
        }

        private double runJoin(PreparedStatement p) throws SQLException {
            double total = 0;
            int groups = 0;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    total += rs.getDouble(2);
                    groups++;
                }
            }
            if (groups != users) {
                throw new IllegalStateException("the join returned " + groups + " groups, not " + users);
            }
            return total;
        }

        private double check(double expected, double total) {
            if (expected >= 0 && Math.abs(expected - total) > 1e-6 * Math.max(1, expected)) {
                throw new IllegalStateException("the engines disagree on the join: " + expected + " vs " + total);
            }
            return total;
        }

        /** Engines in turn, the first one alternating by round, so drift affects both alike. */
        private List<String> order(int round) {
            List<String> order = new ArrayList<>(connections.keySet());
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            return order;
        }

        private Map<String, Histogram> histograms() {
            Map<String, Histogram> h = new LinkedHashMap<>();
            for (String engine : connections.keySet()) {
                h.put(engine, new Histogram(3_600_000_000_000L, 3));
            }
            return h;
        }

        private void report(Map<String, Histogram> histograms) {
            for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
                Histogram h = e.getValue();
                out.printf("  %-11s p50 %,10.1f us   p95 %,10.1f us   max %,10.1f us%n", e.getKey(),
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getMaxValue() / 1000.0);
            }
        }
    }
}
