package dev.crashbench.bench.measure;

/**
 * One writer count of the concurrent workload.
 *
 * @param writers          writer threads, each on its own connection and its own row
 * @param latency          every timed commit of every thread, merged
 * @param commitsPerSecond timed commits of all threads over the wall time from the common start to the last one's end
 * @param finishSpread     the time from the common start until the first thread finished its timed commits,
 *                         divided by the time until the last one finished: near 1 when the writers took turns,
 *                         near 1 / writers when one ran through its commits while the others waited. An
 *                         engine whose waiting writers sleep and retry (SQLite's busy handler) lets the
 *                         writer holding the lock run ahead: most commits are then fast and a few wait very
 *                         long, which p99 alone hides and p99.9, max and this figure show.
 */
public record WriterRun(int writers, Latency latency, double commitsPerSecond, double finishSpread) {
}
