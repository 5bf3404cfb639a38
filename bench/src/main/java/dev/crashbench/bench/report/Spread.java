package dev.crashbench.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A figure across rounds: the median (the mean of the two middle values for an even count) with
 * the smallest and largest round beside it, so the noise of the machine is visible.
 */
public record Spread(double median, double min, double max, int rounds) {

    public static Spread of(List<Double> perRound) {
        if (perRound.isEmpty()) {
            throw new IllegalArgumentException("no rounds to summarize");
        }
        List<Double> sorted = new ArrayList<>(perRound);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }
}
