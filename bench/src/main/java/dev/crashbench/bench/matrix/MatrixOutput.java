package dev.crashbench.bench.matrix;

import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.report.BenchOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a matrix run: {@value #REPORT}, {@value #JSON}, one chart per regime
 * ({@code matrix-device.png}, {@code matrix-cpu-path.png}), and each regime's bench files
 * (results.jsonl, summary.json, report.md, commit-latency.png) under a directory named for it,
 * each stack step's rounds in {@code stack-step-N} below it.
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
        for (MatrixRegime regime : results.regimes()) {
            Path chart = out.resolve("matrix-" + regime.regime().key() + ".png");
            Files.deleteIfExists(chart);
            if (MatrixChart.write(regime, chart)) {
                files.add(chart);
            }
            Path dir = out.resolve(regime.regime().key());
            files.addAll(BenchOutput.write(regime.alone(), gate, dir).files());
            for (int i = 0; i < regime.stack().size(); i++) {
                files.addAll(BenchOutput.write(regime.stack().get(i), gate, dir.resolve("stack-step-" + (i + 1))).files());
            }
        }
        return new BenchOutput.Written(files, markdown);
    }
}
