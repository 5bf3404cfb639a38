package dev.crashbench.vfs.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SyncFloorBenchmark.run(new String[] {dir.toString(), "nio", "20", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(report.contains("backend   nio"), report);
        assertTrue(report.contains(dir.toAbsolutePath().toString() + " (" + FileSystemType.of(dir) + ")"), report);
        assertTrue(report.matches("(?s).*p50 [0-9.]+ us +p95 [0-9.]+ us +p99 [0-9.]+ us.*"), report);
        assertEquals(java.util.List.of(), LocalVfs.at(dir).list(""), "the benchmark file is deleted");
    }

    @Test
    void tooManyArgumentsIsAUsageError() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SyncFloorBenchmark.run(new String[] {"a", "b", "1", "2", "3"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
    }
}
