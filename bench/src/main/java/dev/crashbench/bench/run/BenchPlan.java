package dev.crashbench.bench.run;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.gate.Gate;
import dev.crashbench.bench.storage.StorageInfo;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one run measures, where, and whether the gate runs first.
 *
 * @param profile         the sizes
 * @param contenders      in the order they take turns within a round
 * @param workloads       the workloads to run ({@link Workload#SIZE} comes with {@link Workload#INSERT})
 * @param storage         the checked data directory; each round works in a fresh subdirectory
 * @param replayDirectory where the gate writes the replay files of rejected configurations
 * @param gate            the gate, or empty to measure without it (every figure then NOT_GATED)
 * @param regime          what the figures mean: device, or CPU path (never durable latencies)
 */
public record BenchPlan(Profile profile, List<Contender> contenders, Set<Workload> workloads, StorageInfo storage,
                        Path replayDirectory, Optional<Gate> gate, Regime regime) {

    /** A plan whose regime follows from its data directory: CPU path on a RAM-backed file system, else device. */
    public BenchPlan(Profile profile, List<Contender> contenders, Set<Workload> workloads, StorageInfo storage,
                     Path replayDirectory, Optional<Gate> gate) {
        this(profile, contenders, workloads, storage, replayDirectory, gate, Regime.of(storage.memoryBacked()));
    }

    public BenchPlan {
        contenders = List.copyOf(contenders);
        workloads = workloads.isEmpty() ? Set.of() : EnumSet.copyOf(workloads);
        if (contenders.isEmpty() || workloads.isEmpty()) {
            throw new IllegalArgumentException("a bench run needs at least one contender and one workload");
        }
        Set<String> names = new HashSet<>();
        for (Contender c : contenders) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two configurations are named '" + c.name() + "'");
            }
        }
        if (regime == null) {
            throw new IllegalArgumentException("a bench run needs a regime");
        }
        if (workloads.contains(Workload.SIZE) && !workloads.contains(Workload.INSERT)) {
            throw new IllegalArgumentException("the size is measured by the insert workload: ask for insert too");
        }
    }

    /** This plan measuring in {@code directory}, in {@code value}'s regime (the gate results are shared). */
    public BenchPlan in(StorageInfo directory, Regime value) {
        return new BenchPlan(profile, contenders, workloads, directory, replayDirectory, gate, value);
    }

    /** Whether {@code contender} runs {@code workload} in this plan. */
    public boolean runs(Contender contender, Workload workload) {
        return workloads.contains(workload) && contender.workloads().contains(workload);
    }
}
