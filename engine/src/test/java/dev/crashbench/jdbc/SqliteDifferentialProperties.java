package dev.crashbench.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The SQL subset against SQLite: a random schema (two tables of INTEGER, REAL, TEXT and BLOB
 * columns, maybe an index), random rows (with values of other types than the column's, so type
 * affinity matters), random UPDATEs and DELETEs, then random queries (filters with comparisons,
 * BETWEEN, IN, LIKE, IS NULL, AND/OR/NOT; expressions; inner and left joins; GROUP BY with the
 * aggregates; ORDER BY, LIMIT and OFFSET) run on the reference engine and on SQLite through JDBC.
 * Results must be equal: in order when the query orders by a total key, as multisets otherwise.
 *
 * <p>Known, deliberate tolerance: numbers compare by value (an aggregate may return 2 or 2.0 for
 * equal inputs depending on which row it met first) and REALs within 1e-9 relative (summation
 * order). Each failure prints the whole script, which replays on both engines.
 */
class SqliteDifferentialProperties {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Path sqliteDir;

    @BeforeContainer
    static void directory() throws Exception {
        Path target = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target");
        Files.createDirectories(target);
        sqliteDir = Files.createTempDirectory(target, "sqlite-differential");
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (var files = Files.walk(sqliteDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One generated test: setup statements (with parameters) and queries. */
    record Script(List<String> setup, List<Object[]> setupParams, List<String> queries, List<Boolean> ordered) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("\n");
            for (int i = 0; i < setup.size(); i++) {
                b.append(setup.get(i)).append(";");
                if (setupParams.get(i).length > 0) {
                    b.append("  -- params ").append(render(setupParams.get(i)));
                }
                b.append("\n");
            }
            for (String q : queries) {
                b.append(q).append(";\n");
            }
            return b.toString();
        }
    }

    static String render(Object[] values) {
        List<String> parts = new ArrayList<>();
        for (Object v : values) {
            parts.add(v instanceof byte[] ? "X'" + hex((byte[]) v) + "'" : v instanceof String ? "'" + v + "'" : String.valueOf(v));
        }
        return parts.toString();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X", x));
        }
        return s.toString();
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
    void sameResultsAsSqlite(@ForAll("scripts") Script script) throws Exception {
        int n = NAMES.incrementAndGet();
        String name = "diff" + n;
        // Every other script runs with the reused writer and the single-page fast path, whose
        // catalog cache must follow the scripts' creates, drops and failed statements.
        String optimizations = n % 2 == 0 ? "&writer_reuse=true&single_page_fast_path=true" : "";
        try (Connection ours = DriverManager.getConnection("jdbc:crashbench:mem:" + name + "?durability=off" + optimizations);
             Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + sqliteDir.resolve(name + ".db"))) {
            sqlite.createStatement().execute("PRAGMA synchronous=OFF");
            for (int i = 0; i < script.setup().size(); i++) {
                String sql = script.setup().get(i);
                Object[] params = script.setupParams().get(i);
                Outcome a = update(ours, sql, params);
                Outcome b = update(sqlite, sql, params);
                if (!a.sameAs(b)) {
                    fail("statement " + sql + " " + render(params) + ": crashbench " + a + ", sqlite " + b + script);
                }
            }
            for (int i = 0; i < script.queries().size(); i++) {
                String sql = script.queries().get(i);
                Outcome a = query(ours, sql, script.ordered().get(i));
                Outcome b = query(sqlite, sql, script.ordered().get(i));
                if (!a.sameAs(b)) {
                    fail("query " + sql + "\n crashbench: " + a + "\n sqlite:     " + b + script);
                }
            }
        }
    }

    /** A statement's outcome: an error, an update count, or rows of normalized values. */
    record Outcome(String error, long count, List<List<Object>> rows) {
        boolean sameAs(Outcome o) {
            if (error != null || o.error != null) {
                return error != null && o.error != null;
            }
            if (count != o.count || (rows == null) != (o.rows == null)) {
                return false;
            }
            if (rows == null) {
                return true;
            }
            if (rows.size() != o.rows.size()) {
                return false;
            }
            for (int i = 0; i < rows.size(); i++) {
                if (ROW_ORDER.compare(rows.get(i), o.rows.get(i)) != 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            if (error != null) {
                return "error " + error;
            }
            if (rows == null) {
                return count + " rows changed";
            }
            StringBuilder b = new StringBuilder();
            for (List<Object> row : rows) {
                b.append(render(row.toArray())).append(' ');
            }
            return rows.size() + " rows: " + b;
        }
    }

    static int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (a == null) {
            return 0;
        }
        if (a instanceof Number) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            if (a instanceof Long && b instanceof Long) {
                return Long.compare((Long) a, (Long) b);
            }
            if (Math.abs(x - y) <= 1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)))) {
                return 0;
            }
            return Double.compare(x, y);
        }
        if (a instanceof String) {
            return ((String) a).compareTo((String) b);
        }
        return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }

    private static int rank(Object v) {
        return v == null ? 0 : v instanceof Number ? 1 : v instanceof String ? 2 : 3;
    }

    static final Comparator<List<Object>> ROW_ORDER = (x, y) -> {
        if (x.size() != y.size()) {
            return Integer.compare(x.size(), y.size());
        }
        for (int i = 0; i < x.size(); i++) {
            int c = compareValues(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    static Outcome update(Connection c, String sql, Object[] params) {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            int count = p.executeUpdate();
            // sqlite-jdbc reports the previous statement's change count for DDL: compare DML counts only.
            return new Outcome(null, sql.startsWith("CREATE") ? 0 : count, null);
        } catch (SQLException e) {
            return new Outcome(e.getMessage(), 0, null);
        }
    }

    static Outcome query(Connection c, String sql, boolean ordered) {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Integer ? (Object) ((Integer) v).longValue() : v);
                }
                rows.add(row);
            }
            if (!ordered) {
                rows.sort(ROW_ORDER);
            }
            return new Outcome(null, -1, rows);
        } catch (SQLException e) {
            return new Outcome(e.getMessage(), 0, null);
        }
    }

    @Provide
    Arbitrary<Script> scripts() {
        return Arbitraries.randomValue(ScriptGenerator::generate);
    }

    /** Builds scripts from one {@link Random}, which jqwik seeds (a failure reports the seed). */
    static final class ScriptGenerator {
        private static final String[] TYPES = {"INTEGER", "REAL", "TEXT", "BLOB"};
        private final Random random;
        private final List<String> setup = new ArrayList<>();
        private final List<Object[]> params = new ArrayList<>();
        private final String[][] columns = new String[2][];
        private final String[][] types = new String[2][];

        private ScriptGenerator(Random random) {
            this.random = random;
        }

        static Script generate(Random random) {
            return new ScriptGenerator(random).build();
        }

        private Script build() {
            for (int t = 0; t < 2; t++) {
                int n = 1 + random.nextInt(3);
                columns[t] = new String[n];
                types[t] = new String[n];
                StringBuilder ddl = new StringBuilder("CREATE TABLE t" + t + " (id INTEGER PRIMARY KEY");
                for (int i = 0; i < n; i++) {
                    columns[t][i] = "c" + i;
                    types[t][i] = TYPES[random.nextInt(TYPES.length)];
                    ddl.append(", c").append(i).append(' ').append(types[t][i]);
                }
                add(ddl.append(")").toString());
                if (random.nextInt(3) == 0) {
                    add("CREATE INDEX i" + t + " ON t" + t + " (c" + random.nextInt(n) + ")");
                }
                int rows = random.nextInt(25);
                for (int r = 0; r < rows; r++) {
                    Object[] values = new Object[n];
                    StringBuilder insert = new StringBuilder("INSERT INTO t" + t + " (");
                    StringBuilder marks = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        values[i] = value(types[t][i]);
                        insert.append(i > 0 ? ", " : "").append("c").append(i);
                        marks.append(i > 0 ? ", " : "").append("?");
                    }
                    setup.add(insert.append(") VALUES (").append(marks).append(")").toString());
                    params.add(values);
                }
            }
            for (int k = random.nextInt(3); k > 0; k--) {
                int t = random.nextInt(2);
                if (random.nextBoolean()) {
                    int c = random.nextInt(columns[t].length);
                    add("UPDATE t" + t + " SET c" + c + " = " + literal(types[t][c]) + " WHERE " + condition(t, "t" + t));
                } else {
                    add("DELETE FROM t" + t + " WHERE " + condition(t, "t" + t));
                }
            }
            List<String> queries = new ArrayList<>();
            List<Boolean> ordered = new ArrayList<>();
            for (int q = 0; q < 8; q++) {
                boolean[] isOrdered = {false};
                queries.add(query(isOrdered));
                ordered.add(isOrdered[0]);
            }
            return new Script(setup, params, queries, ordered);
        }

        private void add(String sql) {
            setup.add(sql);
            params.add(new Object[0]);
        }

        /** A value for a column of this type: mostly of the type, sometimes NULL or another type. */
        private Object value(String type) {
            int dice = random.nextInt(10);
            if (dice == 0) {
                return null;
            }
            if (dice == 1) {
                Object[] odd = {"2", "2.0", " 3 ", "x", 2.0, 2.5, 1L, new byte[] {0x32}};
                return odd[random.nextInt(odd.length)];
            }
            switch (type) {
                case "INTEGER":
                    return (long) (random.nextInt(7) - 3);
                case "REAL":
                    return new double[] {-1.5, 0.0, 0.5, 2.0, 3.0, 1e20}[random.nextInt(6)];
                case "TEXT":
                    return new String[] {"", "a", "b", "ab", "B", "é", "a b", "2"}[random.nextInt(8)];
                default:
                    return new byte[][] {{}, {0}, {1}, {1, 0}, {(byte) 0xff}}[random.nextInt(5)];
            }
        }

        private String literal(String type) {
            if (random.nextInt(8) == 0) {
                return "NULL";
            }
            switch (type) {
                case "INTEGER":
                    return String.valueOf(random.nextInt(7) - 3);
                case "REAL":
                    return new String[] {"-1.5", "0.0", "0.5", "2.0", "3", "2"}[random.nextInt(6)];
                case "TEXT":
                    return new String[] {"''", "'a'", "'b'", "'ab'", "'B'", "'2'"}[random.nextInt(6)];
                default:
                    return new String[] {"X''", "X'00'", "X'01'", "X'0100'"}[random.nextInt(4)];
            }
        }

        private String column(int t, String alias) {
            int c = random.nextInt(columns[t].length + 1);
            return alias + "." + (c == columns[t].length ? "id" : columns[t][c]);
        }

        private String typeOf(int t, String qualified) {
            String name = qualified.substring(qualified.indexOf('.') + 1);
            if (name.equals("id")) {
                return "INTEGER";
            }
            return types[t][Integer.parseInt(name.substring(1))];
        }

        private String condition(int t, String alias) {
            String col = column(t, alias);
            String type = typeOf(t, col);
            String simple;
            switch (random.nextInt(7)) {
                case 0:
                    simple = col + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
                    break;
                case 1:
                    simple = col + " BETWEEN " + literal(type) + " AND " + literal(type);
                    break;
                case 2:
                    simple = col + (random.nextBoolean() ? " IN (" : " NOT IN (") + literal(type) + ", " + literal(type) + ")";
                    break;
                case 3:
                    simple = type.equals("TEXT") ? col + " LIKE " + new String[] {"'a%'", "'%b'", "'_'", "'A%'"}[random.nextInt(4)]
                            : col + " = " + literal(type);
                    break;
                default:
                    simple = col + " " + new String[] {"=", "<>", "<", "<=", ">", ">="}[random.nextInt(6)] + " "
                            + (random.nextInt(4) == 0 ? literal(TYPES[random.nextInt(4)]) : literal(type));
            }
            int more = random.nextInt(4);
            if (more == 0) {
                return simple + (random.nextBoolean() ? " AND " : " OR ") + condition(t, alias);
            }
            if (more == 1) {
                return "NOT (" + simple + ")";
            }
            return simple;
        }

        private String expression(int t, String alias) {
            String col = column(t, alias);
            String type = typeOf(t, col);
            switch (random.nextInt(6)) {
                case 0:
                    return type.equals("INTEGER") ? col + " + 1" : col;
                case 1:
                    return type.equals("INTEGER") ? col + " * 3 - " + alias + ".id" : col;
                case 2:
                    return "typeof(" + col + ")";
                case 3:
                    return type.equals("TEXT") || type.equals("INTEGER") ? col + " || 'x'" : col;
                case 4:
                    return type.equals("INTEGER") ? col + " / 2" : "coalesce(" + col + ", 7)";
                default:
                    return col;
            }
        }

        private String query(boolean[] ordered) {
            boolean join = random.nextBoolean();
            StringBuilder q = new StringBuilder("SELECT ");
            List<String> keys = new ArrayList<>();
            String from;
            if (join) {
                int a = random.nextInt(columns[0].length + 1);
                int b = random.nextInt(columns[1].length + 1);
                from = "t0 a " + (random.nextBoolean() ? "LEFT JOIN" : "JOIN") + " t1 b ON a."
                        + (a == columns[0].length ? "id" : columns[0][a]) + " = b." + (b == columns[1].length ? "id" : columns[1][b]);
                keys.add("a.id");
                keys.add("b.id");
            } else {
                from = "t0 a";
                keys.add("a.id");
            }
            boolean grouped = random.nextInt(3) == 0;
            List<String> select = new ArrayList<>();
            String where = random.nextBoolean() ? condition(0, "a") : null;
            if (join && random.nextBoolean()) {
                String more = condition(1, "b");
                where = where == null ? more : where + " AND " + more;
            }
            if (grouped) {
                String key = column(0, "a");
                select.add(key);
                String[] aggregates = {"count(*)", "count(X)", "sum(X)", "total(X)", "avg(X)", "min(X)", "max(X)", "count(DISTINCT X)"};
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    int table = join ? random.nextInt(2) : 0;
                    String arg = column(table, table == 0 ? "a" : "b");
                    String type = typeOf(table, arg);
                    String aggregate = aggregates[random.nextInt(aggregates.length)];
                    if ((aggregate.startsWith("sum") || aggregate.startsWith("total") || aggregate.startsWith("avg"))
                            && !(type.equals("INTEGER") || type.equals("REAL"))) {
                        aggregate = "count(X)";
                    }
                    select.add(aggregate.replace("X", arg));
                }
                q.append(String.join(", ", select)).append(" FROM ").append(from);
                if (where != null) {
                    q.append(" WHERE ").append(where);
                }
                q.append(" GROUP BY ").append(key);
                if (random.nextInt(3) == 0) {
                    q.append(" HAVING count(*) > 1");
                }
                if (random.nextBoolean()) {
                    q.append(" ORDER BY 1");
                    // The group key is unique per row, so the order is total.
                    ordered[0] = true;
                }
                return q.toString();
            }
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                int table = join ? random.nextInt(2) : 0;
                select.add(expression(table, table == 0 ? "a" : "b"));
            }
            if (random.nextInt(4) == 0) {
                q.append("DISTINCT ");
                q.append(String.join(", ", select)).append(" FROM ").append(from);
                if (where != null) {
                    q.append(" WHERE ").append(where);
                }
                return q.toString();
            }
            q.append(String.join(", ", select)).append(" FROM ").append(from);
            if (where != null) {
                q.append(" WHERE ").append(where);
            }
            if (random.nextBoolean()) {
                List<String> order = new ArrayList<>();
                for (int i = random.nextInt(2); i > 0; i--) {
                    order.add(column(0, "a") + (random.nextBoolean() ? " DESC" : ""));
                }
                for (String key : keys) {
                    order.add(key + (random.nextBoolean() ? " DESC" : ""));
                }
                q.append(" ORDER BY ").append(String.join(", ", order));
                ordered[0] = true;
                if (random.nextBoolean()) {
                    q.append(" LIMIT ").append(random.nextInt(5));
                    if (random.nextBoolean()) {
                        q.append(" OFFSET ").append(random.nextInt(4));
                    }
                }
            }
            return q.toString();
        }
    }
}
