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
 * { "format": "crashbench-replay", "formatVersion": 3, "projectVersion": "0.1.0-SNAPSHOT",
 *   "violation": { "rule": "PREFIX", "expected": "...", "found": "..." },
 *   "crashCase": { "tier": "EXHAUSTIVE", "engine": { "id": "reference", "version": "0.1.0-SNAPSHOT" },
 *                  "engineOptions": { "durability": "full", ... },
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
    /**
     * 3: the case names its engine and the engine's version ({@code crashCase.engine}); 2 (still
     * read): without, so the engine is the reference engine at the file's {@code projectVersion}
     * (the only engine that wrote them, versioned with the project), with a checksum of the
     * content ({@link ReplayCodec}); 1 (still read, as 2): without a checksum.
     */
    public static final int FORMAT_VERSION = 3;
    /** The first format version whose cases name their engine. */
    static final int FIRST_WITH_ENGINE = 3;
    /** The engine of a file older than {@link #FIRST_WITH_ENGINE}. */
    static final String ENGINE_BEFORE_FORMAT_3 = "reference";

    public static ReplayFile of(Violation violation, CrashCase crashCase) {
        return new ReplayFile(FORMAT, FORMAT_VERSION, ProjectVersion.get(), violation, crashCase);
    }
}
