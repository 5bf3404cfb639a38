package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.report.BenchOutput;
import dev.crashbench.bench.run.BenchResults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a matrix run: {@value #REPORT}, {@value #JSON}, one chart per regime
 * ({@code matrix-device.png}, {@code matrix-cpu-path.png}), and each regime's bench files
 * (results.jsonl, summary.json, report.md, commit-latency.png) under a directory named for it.
 */
public final class MatrixOutput {
    public static final String REPORT = "matrix.md";
    public static final String JSON = "matrix.json";

    private MatrixOutput() {
    }

    public static BenchOutput.Written write(MatrixResults results, Gate gate, Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        String markdown = MatrixReport.of(results, gate);
        Path report = out.resolve(REPORT);
        Files.writeString(report, markdown, StandardCharsets.UTF_8);
        files.add(report);
        Path json = out.resolve(JSON);
        Files.writeString(json, MatrixJson.of(results), StandardCharsets.UTF_8);
        files.add(json);
        for (BenchResults regime : results.regimes()) {
            Path chart = out.resolve("matrix-" + regime.regime().key() + ".png");
            Files.deleteIfExists(chart);
            if (MatrixChart.write(results.matrix(), regime, chart)) {
                files.add(chart);
            }
            files.addAll(BenchOutput.write(regime, gate, out.resolve(regime.regime().key())).files());
        }
        return new BenchOutput.Written(files, markdown);
    }
}
