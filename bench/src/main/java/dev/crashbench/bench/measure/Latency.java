package dev.crashbench.bench.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of timed operations, in microseconds, from an HdrHistogram with three
 * significant digits; the bytes the measuring thread allocated per operation, and the bytes the
 * engine wrote to its files per operation (each NaN when unknown: the JVM cannot tell, or the
 * contender's writes are not counted).
 */
public record Latency(long count, double p50Us, double p95Us, double p99Us, double p999Us, double maxUs,
                      double meanUs, double allocatedBytesPerOp, double writtenBytesPerOp) implements Measurement {

    public static final String P50 = "p50Us";
    public static final String P95 = "p95Us";
    public static final String P99 = "p99Us";
    public static final String P999 = "p999Us";
    public static final String MAX = "maxUs";
    public static final String MEAN = "meanUs";
    public static final String ALLOCATED = "allocatedBytesPerOp";
    public static final String WRITTEN = "writtenBytesPerOp";

    /** Highest value a histogram tracks: one hour in nanoseconds. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    public static Histogram histogram() {
        return new Histogram(HIGHEST_NANOS, 3);
    }

    public static Latency of(Histogram nanos, double allocatedBytesPerOp) {
        return of(nanos, allocatedBytesPerOp, Double.NaN);
    }

    public static Latency of(Histogram nanos, double allocatedBytesPerOp, double writtenBytesPerOp) {
        return new Latency(nanos.getTotalCount(), nanos.getValueAtPercentile(50) / 1e3,
                nanos.getValueAtPercentile(95) / 1e3, nanos.getValueAtPercentile(99) / 1e3,
                nanos.getValueAtPercentile(99.9) / 1e3, nanos.getMaxValue() / 1e3, nanos.getMean() / 1e3,
                allocatedBytesPerOp, writtenBytesPerOp);
    }

    @Override
    public Map<String, Double> values() {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put(P50, p50Us);
        v.put(P95, p95Us);
        v.put(P99, p99Us);
        v.put(P999, p999Us);
        v.put(MAX, maxUs);
        v.put(MEAN, meanUs);
        if (!Double.isNaN(allocatedBytesPerOp)) {
            v.put(ALLOCATED, allocatedBytesPerOp);
        }
        if (!Double.isNaN(writtenBytesPerOp)) {
            v.put(WRITTEN, writtenBytesPerOp);
        }
        return v;
    }
}
