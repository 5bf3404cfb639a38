package dev.crashbench.bench.measure;

import java.util.Map;

/** What one workload measured on one contender in one round. */
public sealed interface Measurement permits Latency, Throughput, Size, Concurrency {

    /** Every figure by name, in a fixed order ({@code p50Us}, {@code rowsPerSecond}, {@code bytes}...). */
    Map<String, Double> values();
}
