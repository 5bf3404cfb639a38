package dev.crashbench.bench.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the concurrent workload measured at each writer count. Figures are keyed
 * {@code w<writers>.<figure>}: {@code w8.commitsPerSecond}, {@code w8.p99Us}.
 */
public record Concurrency(List<WriterRun> runs) implements Measurement {

    public static final String COMMITS_PER_SECOND = "commitsPerSecond";
    /** See {@link WriterRun#finishSpread()}. */
    public static final String FINISH_SPREAD = "finishSpread";

    public Concurrency {
        runs = List.copyOf(runs);
    }

    /** The key of {@code figure} at {@code writers} threads. */
    public static String key(int writers, String figure) {
        return "w" + writers + "." + figure;
    }

    @Override
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        for (WriterRun r : runs) {
            v.put(key(r.writers(), COMMITS_PER_SECOND), r.commitsPerSecond());
            v.put(key(r.writers(), Latency.P50), r.latency().p50Us());
            v.put(key(r.writers(), Latency.P95), r.latency().p95Us());
            v.put(key(r.writers(), Latency.P99), r.latency().p99Us());
            v.put(key(r.writers(), Latency.P999), r.latency().p999Us());
            v.put(key(r.writers(), Latency.MAX), r.latency().maxUs());
            v.put(key(r.writers(), FINISH_SPREAD), r.finishSpread());
        }
        return v;
    }
}
