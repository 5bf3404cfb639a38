package dev.crashbench.bench.contender;

import dev.crashbench.bench.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * H2 (MVStore) made to sync every commit. H2 2.3 has no setting that does: a commit writes a new
 * chunk (at once with {@code WRITE_DELAY=0}) but never forces the file; only {@code CHECKPOINT SYNC}
 * reaches {@code FileChannel.force(true)}. So the bench runs {@code CHECKPOINT SYNC} after every
 * commit, inside the timed section. Strings are VARCHAR: H2's TEXT is a CLOB. Query results are
 * not reused ({@code OPTIMIZE_REUSE_RESULTS=FALSE}), so a repeated join is run, not looked up.
 */
public record H2() implements JdbcContender {

    /** The statement that makes the last commit durable. */
    public static final String SYNC = "CHECKPOINT SYNC";

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public Connection open(Path directory, String name) throws SQLException {
        // WRITE_DELAY=0: the commit writes its chunk itself instead of leaving it to the background writer.
        // OPTIMIZE_REUSE_RESULTS=FALSE: H2 would otherwise hand back a query's previous result while no
        // table changed, and the join would measure a cache lookup.
        return DriverManager.getConnection("jdbc:h2:file:" + directory.resolve(name).toAbsolutePath()
                + ";WRITE_DELAY=0;OPTIMIZE_REUSE_RESULTS=FALSE", "sa", "");
    }

    @Override
    public Optional<String> syncAfterCommit() {
        return Optional.of(SYNC);
    }

    @Override
    public String textType() {
        return "VARCHAR";
    }

    @Override
    public String settings() {
        return "H2 " + org.h2.engine.Constants.VERSION + " (MVStore), WRITE_DELAY=0 and " + SYNC
                + " after every commit (H2 has no per-commit sync setting), OPTIMIZE_REUSE_RESULTS=FALSE";
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** Every workload but the concurrent one: the plan's concurrency targets compare the engine with SQLite FULL only. */
    @Override
    public Set<Workload> workloads() {
        return EnumSet.complementOf(EnumSet.of(Workload.CONCURRENT, Workload.API_COMMIT));
    }

    @Override
    public boolean gated() {
        return false;
    }
}
