package dev.crashbench.bench.measure;

/**
 * One writer count of the concurrent workload.
 *
 * @param writers          writer threads, each on its own connection and its own row
 * @param latency          every timed commit of every thread, merged
 * @param commitsPerSecond timed commits of all threads over the wall time from the common start to the last one's end
 */
public record WriterRun(int writers, Latency latency, double commitsPerSecond) {
}
