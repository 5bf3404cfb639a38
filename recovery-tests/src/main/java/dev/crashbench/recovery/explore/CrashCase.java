package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.vfs.DiskModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that decides one explored crash state, and nothing else: re-running it on any
 * machine gives the same verdict, bit for bit ({@link CaseRunner#run}).
 *
 * <p>The workload runs on a SimDisk with this model and seed whose plan injects exactly
 * {@code runFaults} (a power cut among them, or the power is cut after the last op). Then the
 * pending operations get {@code fates}, the crash image is recovered and judged, and the
 * {@code second} stage, if any, interrupts that recovery. {@code fates} is null when the
 * violation happened while the workload ran (a bad read, say), before any crash.
 *
 * @param tier          the tier that found it
 * @param engine        the engine under test and its version
 * @param engineOptions the engine's options as {@code key=value} pairs
 * @param diskModel     the simulated device
 * @param diskSeed      the SimDisk's seed (garbage in torn sectors)
 * @param workload      the ops
 * @param runFaults     the fault decisions of the run
 * @param fates         the fate of each pending operation at the cut, or null
 * @param second        the compound tier's second stage, or null
 */
public record CrashCase(Tier tier, EngineId engine, Map<String, String> engineOptions, DiskModel diskModel, long diskSeed,
                        Workload workload, List<StepFault> runFaults, List<OpFate> fates, SecondStage second) {

    public CrashCase {
        if (tier == null || engine == null || engineOptions == null || diskModel == null || workload == null || runFaults == null) {
            throw new IllegalArgumentException("a crash case needs a tier, an engine, options, a disk model, a workload and"
                    + " its faults");
        }
        engineOptions = java.util.Collections.unmodifiableMap(new TreeMap<>(engineOptions));
        runFaults = List.copyOf(runFaults);
        fates = fates == null ? null : List.copyOf(fates);
    }

    public CrashCase withWorkload(Workload w, List<StepFault> faults, List<OpFate> newFates, SecondStage s) {
        return new CrashCase(tier, engine, engineOptions, diskModel, diskSeed, w, faults, newFates, s);
    }
}
