package dev.crashbench.bench.report;

import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.run.BenchResults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's files into the output directory: {@value #RESULTS} (raw JSON lines),
 * {@value #SUMMARY}, {@value #REPORT} and {@value #CHART}.
 */
public final class BenchOutput {
    public static final String RESULTS = "results.jsonl";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.md";
    public static final String CHART = "commit-latency.png";

    private BenchOutput() {
    }

    /** The files written, and the report's text. */
    public record Written(List<Path> files, String report) {
    }

    public static Written write(BenchResults results, Gate gate, Path out) throws IOException {
        Files.createDirectories(out);
        Path jsonl = out.resolve(RESULTS);
        Files.writeString(jsonl, JsonLines.of(results), StandardCharsets.UTF_8);
        Path summary = out.resolve(SUMMARY);
        Files.writeString(summary, SummaryJson.of(results), StandardCharsets.UTF_8);
        String markdown = MarkdownReport.of(results, gate == null ? List.of() : gate.stages(),
                gate == null ? 0 : gate.seed());
        Path report = out.resolve(REPORT);
        Files.writeString(report, markdown, StandardCharsets.UTF_8);
        Path chart = out.resolve(CHART);
        Files.deleteIfExists(chart);
        boolean drawn = CommitChart.write(results, chart);
        return new Written(drawn ? List.of(jsonl, summary, report, chart) : List.of(jsonl, summary, report), markdown);
    }
}
