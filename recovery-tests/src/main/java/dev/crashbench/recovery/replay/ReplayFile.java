package dev.crashbench.recovery.replay;

import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.oracle.Violation;

/**
 * One violation as a file: the case that produces it and the verdict it produced. The case holds
 * everything that decides the run (engine options, disk model and seed, workload, every fault
 * decision, the cut steps and the fate of every pending operation), so replaying it on any
 * machine gives the same verdict.
 *
 * <p>Format (JSON, written and read by {@link ReplayCodec}):
 * <pre>
 * { "format": "crashbench-replay", "formatVersion": 2, "projectVersion": "0.1.0-SNAPSHOT",
 *   "violation": { "rule": "PREFIX", "expected": "...", "found": "..." },
 *   "crashCase": { "tier": "EXHAUSTIVE", "engineOptions": { "durability": "full", ... },
 *                  "diskModel": { "sectorSize": 512, ... }, "diskSeed": 42,
 *                  "workload": { "ops": [ { "op": "put", "key": 7, "size": 12, "salt": 3 }, ... ] },
 *                  "runFaults": [ { "step": 57, "fault": { "type": "power-cut", "midOp": false } } ],
 *                  "fates": [ { "fate": "kept" }, { "fate": "torn", "units": ["NEW", "GARBAGE"] } ],
 *                  "second": null },
 *   "checksum": "1a2b3c4d" }
 * </pre>
 *
 * @param format         always {@link #FORMAT}
 * @param formatVersion  the version of this layout; readers refuse newer ones
 * @param projectVersion the crashbench version that wrote it
 * @param violation      the verdict observed: the rule, what was expected and what was found
 * @param crashCase      the case
 */
public record ReplayFile(String format, int formatVersion, String projectVersion, Violation violation,
                         CrashCase crashCase) {

    public static final String FORMAT = "crashbench-replay";
    /** 2: the file carries a checksum of its content ({@link ReplayCodec}); 1 (still read): without. */
    public static final int FORMAT_VERSION = 2;

    public static ReplayFile of(Violation violation, CrashCase crashCase) {
        return new ReplayFile(FORMAT, FORMAT_VERSION, ProjectVersion.get(), violation, crashCase);
    }
}
