package dev.crashbench.bench.matrix;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Sqlite;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.bench.report.Aggregates;
import dev.crashbench.bench.report.Spread;
import dev.crashbench.bench.run.BenchResults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The chart beside a regime's matrix table: commit p50, p95 and p99 (medians across rounds) of
 * every configuration the gate COUNTED, with SQLite FULL and the floor for scale. Configurations
 * the gate did not count never enter it. The title names the regime; in the CPU path it says
 * "CPU path, not durable".
 */
public final class MatrixChart {
    private MatrixChart() {
    }

    /** The series the chart shows, in row order: counted configurations, then the references that ran. */
    public static List<String> series(MatrixPlan matrix, BenchResults results) {
        Set<String> names = new LinkedHashSet<>();
        for (MatrixRow row : matrix.rows()) {
            row.contender().filter(c -> results.verdict(c) == Verdict.COUNTED)
                    .filter(c -> !results.samples(c, Workload.COMMIT).isEmpty()).ifPresent(names::add);
        }
        for (String reference : List.of(Sqlite.full().name(), MatrixFigures.FLOOR)) {
            if (!results.samples(reference, Workload.COMMIT).isEmpty()) {
                names.add(reference);
            }
        }
        return new ArrayList<>(names);
    }

    /** Writes the chart; false when no configuration has a counted commit figure. */
    public static boolean write(MatrixPlan matrix, BenchResults results, Path png) throws IOException {
        List<String> names = series(matrix, results);
        if (names.isEmpty()) {
            return false;
        }
        // Drawn off-screen: servers and CI have no display, and AWT must know before it starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Aggregates agg = new Aggregates(results);
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(620)
                .title("Optimization matrix, commit latency, " + results.regime().shortLabel() + " (median of "
                        + results.profile().rounds() + " rounds, " + results.storage().fsType() + ")")
                .xAxisTitle("configuration (COUNTED by the gate only)").yAxisTitle("µs").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        chart.getStyler().setXAxisLabelRotation(30);
        for (String key : List.of(Latency.P50, Latency.P95, Latency.P99)) {
            List<Double> values = new ArrayList<>();
            for (String name : names) {
                values.add(agg.figure(name, Workload.COMMIT, key).map(Spread::median).orElse(0.0));
            }
            chart.addSeries(key.replace("Us", ""), names, values);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
