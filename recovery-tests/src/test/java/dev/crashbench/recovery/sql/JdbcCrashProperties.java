package dev.crashbench.recovery.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.FaultPlans;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.jdbc.CrashbenchDriver;
import dev.crashbench.vfs.Vfs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * SQL through the JDBC driver on a worst-case SimDisk: a table and an index are created (a
 * committed DDL transaction), then transactions of INSERT, UPDATE and DELETE statements (some
 * failing on a duplicate key, which must not spoil their transaction; some values long enough for
 * overflow pages) end in COMMIT or ROLLBACK. The power is cut at a random step, a random survival
 * policy (torn writes included) builds the crash image, and the database is reopened through the
 * driver. It must hold exactly the model after every acknowledged commit, or after the one commit
 * in flight at the cut too; nothing rolled back or uncommitted; its index must agree with its
 * rows; and the engine's integrity check must pass. Each try draws whether {@code writer_reuse}
 * is on, so the reused writer is tortured through the driver too.
 */
class JdbcCrashProperties {
    static final String PATH = "app.db";
    /** Small WAL and checkpoint interval, so short workloads cross checkpoints and WAL resets. */
    static final EngineOptions OPTIONS = EngineOptions.defaults()
            .withCacheSizePages(16)
            .withAutoCheckpointFrames(12)
            .withWalPreallocatedFrames(8);

    /** One statement of a transaction. */
    sealed interface Op permits Insert, Update, Delete {
    }

    record Insert(long id, long v, int textLength) implements Op {
    }

    record Update(long id, long delta) implements Op {
    }

    record Delete(long id) implements Op {
    }

    /** A transaction: its statements and whether it commits. */
    record Tx(List<Op> ops, boolean commit) {
    }

    record Row(long v, String s) {
    }

    enum Policy { LOSE_ALL, KEEP_ALL, KEEP_PREFIX, RANDOM }

    static String text(long id, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) ('a' + (id * 7 + i) % 26));
        }
        return b.toString();
    }

    /** Applies a statement to the model as the engine must: a duplicate INSERT fails and changes nothing. */
    static void apply(TreeMap<Long, Row> model, Op op) {
        if (op instanceof Insert insert) {
            model.putIfAbsent(insert.id(), new Row(insert.v(), text(insert.id(), insert.textLength())));
        } else if (op instanceof Update update) {
            Row row = model.get(update.id());
            if (row != null) {
                model.put(update.id(), new Row(row.v() + update.delta(), row.s()));
            }
        } else {
            model.remove(((Delete) op).id());
        }
    }

    /** The workload's run: acknowledged commits and whether one was in flight at the cut. */
    static final class Run {
        final List<TreeMap<Long, Row>> states = new ArrayList<>();
        int acknowledged;
        boolean inFlight;
    }

    static Run run(Vfs disk, List<Tx> workload, EngineOptions options) {
        Run run = new Run();
        run.states.add(null); // before the first commit there is no table
        TreeMap<Long, Row> model = new TreeMap<>();
        Connection c = null;
        try {
            c = CrashbenchDriver.connect(disk, PATH, options);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kv (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT)");
                s.execute("CREATE INDEX kv_v ON kv (v)");
            }
            commit(c, run, new TreeMap<>());
            for (Tx tx : workload) {
                TreeMap<Long, Row> next = new TreeMap<>(model);
                for (Op op : tx.ops()) {
                    execute(c, op);
                    apply(next, op);
                }
                if (tx.commit()) {
                    commit(c, run, next);
                    model = next;
                } else {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            if (!isPowerCut(e)) {
                throw new AssertionError("the workload failed without a power cut", e);
            }
        } catch (PowerCutException expected) {
            // the run is dead; only the disk's crash image matters now
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException | PowerCutException ignored) {
                    // closing a database whose disk lost power fails; the registry forgets it anyway
                }
            }
        }
        return run;
    }

    private static void commit(Connection c, Run run, TreeMap<Long, Row> after) throws SQLException {
        run.inFlight = true;
        run.states.add(after);
        c.commit();
        run.inFlight = false;
        run.acknowledged++;
    }

    private static void execute(Connection c, Op op) throws SQLException {
        try {
            if (op instanceof Insert insert) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO kv (id, v, s) VALUES (?, ?, ?)")) {
                    p.setLong(1, insert.id());
                    p.setLong(2, insert.v());
                    p.setString(3, text(insert.id(), insert.textLength()));
                    p.executeUpdate();
                }
            } else if (op instanceof Update update) {
                try (PreparedStatement p = c.prepareStatement("UPDATE kv SET v = v + ? WHERE id = ?")) {
                    p.setLong(1, update.delta());
                    p.setLong(2, update.id());
                    p.executeUpdate();
                }
            } else {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM kv WHERE id = ?")) {
                    p.setLong(1, ((Delete) op).id());
                    p.executeUpdate();
                }
            }
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    static boolean isPowerCut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PowerCutException) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void acknowledgedCommitsSurviveAndNothingUncommittedAppears(
            @ForAll("workloads") List<Tx> workload,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cutChoice,
            @ForAll boolean midOp,
            @ForAll Policy policy,
            @ForAll @IntRange(min = 0, max = 1_000_000) int policySeed,
            @ForAll boolean writerReuse) throws Exception {
        // Half the tries run the driver over the reused writer and the session's reused execution
        // state (undo log, row buffers), whose statement undo the duplicate-key failures exercise.
        EngineOptions options = OPTIONS.withOptimization(Optimization.WRITER_REUSE, writerReuse);
        long seed = 5;
        SimDisk dry = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlan.NONE);
        Run complete = run(dry, workload, options);
        assertEquals(complete.states.size() - 1, complete.acknowledged, "a run without faults acknowledges every commit");
        int steps = dry.step();
        int cutStep = cutChoice % (steps + 1);

        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlans.powerCutAt(cutStep, midOp));
        Run run = run(disk, workload, options);
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        CrashImage image = disk.crashImage(survival(policy, policySeed, disk.pendingOps().size()));

        Statistics.label("acknowledged").collect(run.acknowledged <= 1 ? "DDL at most" : "DDL and data");
        Statistics.label("in flight").collect(run.inFlight);
        Statistics.label("writer_reuse").collect(writerReuse);
        Statistics.label("writer_reuse").coverage(c -> c.check(true).percentage(p -> p > 25));
        // About a third of the cuts fall after the first data commit; with 150 tries from a random
        // seed the share varies by about 4 points, so the bound sits well below it (30 failed 1 run in
        // 6, at 25.3%): it guards against a generator that stops reaching data, not against noise.
        Statistics.label("acknowledged").coverage(c -> c.check("DDL and data").percentage(p -> p > 20));
        TreeMap<Long, Row> found = read(image.disk(), options);
        int newest = run.acknowledged + (run.inFlight ? 1 : 0);
        boolean matched = false;
        for (int commits = run.acknowledged; commits <= newest && !matched; commits++) {
            matched = Objects.equals(run.states.get(commits), found);
        }
        if (!matched) {
            fail("cut at step " + cutStep + " of " + steps + " (" + policy + "): " + run.acknowledged
                    + " commits acknowledged" + (run.inFlight ? ", one in flight" : "") + "; expected "
                    + run.states.get(run.acknowledged) + (run.inFlight ? " or " + run.states.get(newest) : "")
                    + " but recovered " + found);
        }
        try (Database database = Database.open(image.disk(), PATH, options)) {
            assertEquals(List.of(), database.checkIntegrity(), "integrity after recovery");
        }
    }

    /** The rows after recovery through the driver (null when the table does not exist), checked against the index. */
    static TreeMap<Long, Row> read(Vfs disk, EngineOptions options) throws SQLException {
        try (Connection c = CrashbenchDriver.connect(disk, PATH, options); Statement s = c.createStatement()) {
            TreeMap<Long, Row> rows = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, v, s FROM kv")) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new Row(rs.getLong(2), rs.getString(3)));
                }
            } catch (SQLException e) {
                if ("42S02".equals(e.getSQLState())) {
                    return null;
                }
                throw e;
            }
            try (PreparedStatement byValue = c.prepareStatement("SELECT id FROM kv WHERE v = ? ORDER BY id")) {
                for (long v : rows.values().stream().map(Row::v).distinct().toList()) {
                    byValue.setLong(1, v);
                    List<Long> viaIndex = new ArrayList<>();
                    try (ResultSet rs = byValue.executeQuery()) {
                        while (rs.next()) {
                            viaIndex.add(rs.getLong(1));
                        }
                    }
                    List<Long> expected = rows.entrySet().stream().filter(e -> e.getValue().v() == v).map(e -> e.getKey()).toList();
                    assertEquals(expected, viaIndex, "the index kv_v agrees with the rows for v = " + v);
                }
            }
            return rows;
        }
    }

    private static Survival survival(Policy policy, int seed, int pending) {
        return switch (policy) {
            case LOSE_ALL -> new Survival.LoseAll();
            case KEEP_ALL -> new Survival.KeepAll();
            case KEEP_PREFIX -> new Survival.KeepPrefix(seed % (pending + 1));
            case RANDOM -> new Survival.Random(seed, 0.5, 0.3);
        };
    }

    @Provide
    Arbitrary<List<Tx>> workloads() {
        Arbitrary<Long> ids = Arbitraries.longs().between(0, 15);
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1500, 9000)));
        Arbitrary<Op> insert = Combinators.combine(ids, Arbitraries.longs().between(0, 5), lengths).as(Insert::new);
        Arbitrary<Op> update = Combinators.combine(ids, Arbitraries.longs().between(-2, 2)).as(Update::new);
        Arbitrary<Op> delete = ids.map(Delete::new);
        Arbitrary<List<Op>> ops = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, insert), net.jqwik.api.Tuple.of(3, update), net.jqwik.api.Tuple.of(2, delete))
                .list().ofMinSize(1).ofMaxSize(4).withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<Tx> tx = Combinators.combine(ops, Arbitraries.integers().between(0, 4)).as((o, k) -> new Tx(o, k != 0));
        return tx.list().ofMinSize(0).ofMaxSize(12).withSizeDistribution(RandomDistribution.uniform());
    }
}
