package dev.crashbench.bench.measure;

import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.io.CountingVfs;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Commit latency through the reference engine's own API, without SQL or JDBC: table {@code kv}
 * with one row, then one write transaction per commit putting a new value for key 1, the value
 * alternating between two arrays made once. What the committing thread allocates per commit here
 * is the engine's own allocation, the figure the zero-allocation commit path is judged by (through
 * JDBC, the driver's and the SQL layer's allocations come on top). The engine's writes are counted
 * through a {@link CountingVfs}.
 */
public final class ApiCommitLatency {
    private static final byte[][] VALUES = {"value-a".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "value-b".getBytes(java.nio.charset.StandardCharsets.UTF_8)};
    private static final String TABLE = "kv";

    private ApiCommitLatency() {
    }

    public static Latency run(ReferenceEngine engine, Path directory, int warmup, int timed) throws IOException {
        Allocations allocations = new Allocations();
        CountingVfs vfs = new CountingVfs(LocalVfs.at(directory));
        try (Database db = Database.open(vfs, "api.db", engine.options())) {
            try (WriteTransaction tx = db.beginWrite()) {
                tx.createTable(TABLE).put(1, VALUES[1]);
                tx.commit();
            }
            for (int i = 0; i < warmup; i++) {
                commitOnce(db, i);
            }
            Histogram nanos = Latency.histogram();
            long before = allocations.now();
            long writtenBefore = vfs.bytesWritten();
            for (int i = 0; i < timed; i++) {
                long start = System.nanoTime();
                commitOnce(db, i);
                nanos.recordValue(System.nanoTime() - start);
            }
            double allocated = Allocations.perOp(before, allocations.now(), timed);
            // bytes written per commit: the same per-operation division as the allocations
            return Latency.of(nanos, allocated, Allocations.perOp(writtenBefore, vfs.bytesWritten(), timed));
        }
    }

    private static void commitOnce(Database db, int i) throws IOException {
        try (WriteTransaction tx = db.beginWrite()) {
            tx.table(TABLE).put(1, VALUES[i & 1]);
            tx.commit();
        }
    }
}
