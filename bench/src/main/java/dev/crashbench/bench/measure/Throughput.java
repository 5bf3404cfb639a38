package dev.crashbench.bench.measure;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows written in one transaction and the seconds from its first insert to its durable commit. */
public record Throughput(long rows, double seconds) implements Measurement {

    public static final String ROWS_PER_SECOND = "rowsPerSecond";
    public static final String SECONDS = "seconds";

    public double rowsPerSecond() {
        return rows / seconds;
    }

    @Override
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(ROWS_PER_SECOND, rowsPerSecond());
        v.put(SECONDS, seconds);
        return v;
    }
}
