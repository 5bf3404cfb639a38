package dev.crashbench.engine.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.vfs.local.TestDirs;
import dev.crashbench.vfs.local.LocalVfs;
import org.junit.jupiter.api.Test;

/** The engine's own SQL API binds a NaN as NULL, as the JDBC driver and SQLite do. */
class SqlSessionNaNTest {

    @Test
    void aNaNParameterIsBoundAsNullAndInfinityStaysAReal() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(LocalVfs.at(TestDirs.fresh("session-nan")), "db",
                EngineOptions.defaults())) {
            SqlSession s = db.session();
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v REAL)");
            s.execute("INSERT INTO t VALUES (?, ?)", 1L, Double.NaN);
            s.execute("INSERT INTO t VALUES (?, ?)", 2L, Float.NaN);
            s.execute("INSERT INTO t VALUES (?, ?)", 3L, Double.POSITIVE_INFINITY);
            assertEquals(2L, ((Number) s.execute("SELECT count(*) FROM t WHERE v IS NULL").rows().get(0)[0]).longValue());
            assertEquals(Double.POSITIVE_INFINITY, s.execute("SELECT v FROM t WHERE k = 3").rows().get(0)[0]);
        }
    }

    @Test
    void theCallersArrayIsLeftAsItIsAndOnlyCopiedWhenItHoldsANaN() {
        Object[] plain = {1L, 2.5, "x"};
        assertSame(plain, SqlSession.withoutNaN(plain), "no NaN, no copy");
        Object[] withNaN = {1L, Double.NaN};
        Object[] bound = SqlSession.withoutNaN(withNaN);
        assertNull(bound[1]);
        assertArrayEquals(new Object[] {1L, Double.NaN}, withNaN, "the caller's array is untouched");
    }
}
