package dev.crashbench.bench.matrix;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Sqlite;
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
 * every configuration the gate COUNTED (a stack step from its own rounds), with SQLite FULL and
 * the floor for scale. Configurations
 * the gate did not count never enter it. The title names the regime; in the CPU path it says
 * "CPU path, not durable".
 */
public final class MatrixChart {
    private MatrixChart() {
    }

    /** One bar group: a configuration, measured in {@code rounds}. */
    public record Series(String name, BenchResults rounds) {
    }

    /**
     * The series the chart shows, in row order: every configuration counted and measured (a stack
     * step with its own rounds), then the references that ran beside the baseline.
     */
    public static List<Series> series(MatrixRegime regime) {
        Set<String> names = new LinkedHashSet<>();
        List<Series> out = new ArrayList<>();
        for (MatrixLine l : regime.lines()) {
            if (l.hasFigures() && names.add(l.row().contender().get())
                    && !l.measuredIn().get().samples(l.row().contender().get(), Workload.COMMIT).isEmpty()) {
                out.add(new Series(l.row().contender().get(), l.measuredIn().get()));
            }
        }
        for (String reference : List.of(Sqlite.full().name(), MatrixFigures.FLOOR)) {
            if (!regime.alone().samples(reference, Workload.COMMIT).isEmpty()) {
                out.add(new Series(reference, regime.alone()));
            }
        }
        return out;
    }

    /** Writes the chart; false when no configuration has a counted commit figure. */
    public static boolean write(MatrixRegime regime, Path png) throws IOException {
        List<Series> series = series(regime);
        if (series.isEmpty()) {
            return false;
        }
        BenchResults results = regime.alone();
        // Drawn off-screen: servers and CI have no display, and AWT must know before it starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(620)
                .title("Optimization matrix, commit latency, " + results.regime().shortLabel() + " (median of "
                        + results.profile().rounds() + " rounds, " + results.storage().fsType() + ")")
                .xAxisTitle("configuration (COUNTED by the gate only)").yAxisTitle("µs").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        chart.getStyler().setXAxisLabelRotation(30);
        for (String key : List.of(Latency.P50, Latency.P95, Latency.P99)) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Series s : series) {
                names.add(s.name());
                values.add(new Aggregates(s.rounds()).figure(s.name(), Workload.COMMIT, key).map(Spread::median)
                        .orElse(0.0));
            }
            chart.addSeries(key.replace("Us", ""), names, values);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
