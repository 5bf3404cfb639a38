package dev.crashbench.bench.report;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of a run summarized across rounds. A ratio between two contenders is taken per
 * round (they ran back to back in it) and then summarized, so drift between rounds cancels.
 */
public final class Aggregates {
    private final BenchResults results;

    public Aggregates(BenchResults results) {
        this.results = results;
    }

    /** {@code key} of {@code engine}'s {@code workload} samples across rounds, if it ran. */
    public Optional<Spread> figure(String engine, Workload workload, String key) {
        List<Double> values = new ArrayList<>();
        for (Sample s : results.samples(engine, workload)) {
            Double v = s.measurement().values().get(key);
            if (v != null) {
                values.add(v);
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(Spread.of(values));
    }

    /** {@code engine} / {@code reference} for {@code key}, per round, across the rounds both ran. */
    public Optional<Spread> ratio(String engine, String reference, Workload workload, String key) {
        Map<Integer, Double> base = new HashMap<>();
        for (Sample s : results.samples(reference, workload)) {
            Double v = s.measurement().values().get(key);
            if (v != null && v != 0) {
                base.put(s.round(), v);
            }
        }
        List<Double> ratios = new ArrayList<>();
        for (Sample s : results.samples(engine, workload)) {
            Double v = s.measurement().values().get(key);
            Double b = base.get(s.round());
            if (v != null && b != null) {
                ratios.add(v / b);
            }
        }
        return ratios.isEmpty() ? Optional.empty() : Optional.of(Spread.of(ratios));
    }

    /** The median of every figure of {@code engine}'s {@code workload}, by key. */
    public Map<String, Double> medians(String engine, Workload workload) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        List<Sample> samples = results.samples(engine, workload);
        if (samples.isEmpty()) {
            return out;
        }
        for (String key : samples.get(0).measurement().values().keySet()) {
            figure(engine, workload, key).ifPresent(s -> out.put(key, s.median()));
        }
        return out;
    }
}
