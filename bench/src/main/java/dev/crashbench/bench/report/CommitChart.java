package dev.crashbench.bench.report;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.measure.Latency;
import dev.crashbench.bench.run.BenchResults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The PNG chart: commit latency p50, p95 and p99 (medians across rounds) per configuration, only
 * COUNTED and NOT_GATED ones: a REJECTED configuration never enters it.
 */
public final class CommitChart {
    static final List<String> PERCENTILES = List.of("p50", "p95", "p99");

    private CommitChart() {
    }

    /** The configurations the chart shows, in turn order. */
    public static List<String> series(BenchResults results) {
        List<String> names = new ArrayList<>();
        for (Contender c : results.ranked()) {
            if (!results.samples(c.name(), Workload.COMMIT).isEmpty()) {
                names.add(c.name());
            }
        }
        return names;
    }

    /** Writes the chart to {@code png}; false when there is nothing to draw (no commit figure counts). */
    public static boolean write(BenchResults results, Path png) throws IOException {
        List<String> names = series(results);
        if (names.isEmpty()) {
            return false;
        }
        // Drawn off-screen: servers and CI have no display, and AWT must know before it starts.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Aggregates agg = new Aggregates(results);
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
                .title("Commit latency, " + results.regime().shortLabel() + ", median of " + results.profile().rounds()
                        + " rounds (" + results.storage().fsType()
                        + ", " + results.started().toString().substring(0, 10) + ")")
                .xAxisTitle("percentile").yAxisTitle("µs").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        for (String name : names) {
            List<Double> values = new ArrayList<>();
            for (String key : List.of(Latency.P50, Latency.P95, Latency.P99)) {
                values.add(agg.figure(name, Workload.COMMIT, key).map(Spread::median).orElse(0.0));
            }
            Contender c = results.contender(name).orElseThrow();
            chart.addSeries(c.durable() ? name : name + " (not durable)", PERCENTILES, values);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
