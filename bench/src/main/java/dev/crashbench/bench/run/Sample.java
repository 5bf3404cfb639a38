package dev.crashbench.bench.run;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.measure.Measurement;

/**
 * One measurement: a contender, a workload, a round (from 1). One line of the raw results.
 */
public record Sample(String engine, Workload workload, int round, Measurement measurement) {
}
