package dev.crashbench.vfs.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncFloorBenchmarkTest {

    @Test
    void nearestRankPercentiles() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, SyncFloorBenchmark.percentile(sorted, 50));
        assertEquals(10, SyncFloorBenchmark.percentile(sorted, 95));
        assertEquals(10, SyncFloorBenchmark.percentile(sorted, 99));
        assertEquals(1, SyncFloorBenchmark.percentile(new long[] {1}, 50));
    }

    @Test
    void aShortRunReportsBackendDirectoryAndPercentilesAndCleansUp() throws IOException {
        Path dir = TestDirs.fresh("bench");
        StringWriter out = new StringWriter();
        SyncFloorBenchmark.Result result = SyncFloorBenchmark.run(dir, Backend.NIO, 20, 2, new PrintWriter(out));
        String report = out.toString();
        assertTrue(report.contains("backend   nio"), report);
        assertTrue(report.contains(dir.toAbsolutePath().toString() + " (" + FileSystemType.of(dir) + ")"), report);
        assertTrue(report.matches("(?s).*p50 [0-9.]+ us +p95 [0-9.]+ us +p99 [0-9.]+ us.*"), report);
        assertEquals(Backend.NIO, result.backend());
        assertTrue(result.p50Nanos() > 0 && result.p50Nanos() <= result.p95Nanos()
                && result.p95Nanos() <= result.p99Nanos() && result.p99Nanos() <= result.maxNanos(), result.toString());
        assertEquals(java.util.List.of(), LocalVfs.at(dir).list(""), "the benchmark file is deleted");
    }

    @Test
    void nonsenseCountsAreRejected() {
        Path dir = Path.of("target", "unused");
        assertThrows(IllegalArgumentException.class,
                () -> SyncFloorBenchmark.run(dir, Backend.NIO, 0, 0, new PrintWriter(new StringWriter())));
    }
}
