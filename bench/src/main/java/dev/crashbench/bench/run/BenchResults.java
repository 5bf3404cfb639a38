package dev.crashbench.bench.run;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.gate.GateResult;
import dev.crashbench.bench.gate.Verdict;
import dev.crashbench.bench.storage.StorageInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run produced: where and on what it ran, every contender's gate result, and every
 * sample. The report writers read only this.
 *
 * @param started      when the run started
 * @param machine      the machine
 * @param loadBefore   the load average when the run started
 * @param loadAfter    the load average when it ended
 * @param storage      the data directory
 * @param profile      the sizes
 * @param workloads    the workloads run
 * @param contenders   the contenders, in turn order
 * @param gates        each contender's gate result (NOT_GATED for those not gated)
 * @param samples      every sample, in the order measured
 * @param gateSeconds  time spent in the gate
 * @param totalSeconds time of the whole run
 * @param regime       what the figures mean (device, or CPU path: never durable latencies)
 */
public record BenchResults(Instant started, Machine machine, String loadBefore, String loadAfter, StorageInfo storage,
                           Profile profile, List<Workload> workloads, List<Contender> contenders,
                           Map<String, GateResult> gates, List<Sample> samples, double gateSeconds,
                           double totalSeconds, Regime regime) {

    public Verdict verdict(String engine) {
        GateResult g = gates.get(engine);
        return g == null ? Verdict.NOT_GATED : g.verdict();
    }

    /** The contenders whose figures may be ranked and charted: COUNTED and NOT_GATED. */
    public List<Contender> ranked() {
        List<Contender> out = new ArrayList<>();
        for (Contender c : contenders) {
            if (verdict(c.name()).counts()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The contenders whose figures are printed apart, never ranked or charted: REJECTED and NOT_EXERCISED. */
    public List<Contender> rejected() {
        List<Contender> out = new ArrayList<>();
        for (Contender c : contenders) {
            if (!verdict(c.name()).counts()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The samples of one contender and workload, in round order. */
    public List<Sample> samples(String engine, Workload workload) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.engine().equals(engine) && s.workload() == workload) {
                out.add(s);
            }
        }
        return out;
    }

    public Optional<Contender> contender(String name) {
        return contenders.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether a configuration with no unsafe option was rejected: the engine itself broke a rule. */
    public boolean rejectedSafeConfiguration() {
        return gates.values().stream().anyMatch(GateResult::rejectedSafeConfiguration);
    }
}
