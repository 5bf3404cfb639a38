package dev.crashbench.torture.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crashbench.recovery.replay.AtomicFile;
import dev.crashbench.vfs.DiskModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code crashbench torture} writes as {@code summary.json}: the campaign's parameters (so
 * it can be run again), what it checked, and every violation with its replay file.
 *
 * <pre>
 * { "format": "crashbench-torture-summary", "formatVersion": 1, "projectVersion": "0.1.0-SNAPSHOT",
 *   "seed": 1, "shard": "1/1", "tiers": ["exhaustive", ...], "faults": ["power", ...],
 *   "engineOptions": { "durability": "full", ... }, "diskModel": { "sectorSize": 512, ... },
 *   "workload": { "commits": 20, "maxWritesPerTransaction": 4, "keyRange": 48 },
 *   "budget": { "maxStates": 20000, "maxSeconds": 0.0, "maxSeeds": 0, "stopAtFirstViolation": true },
 *   "statesChecked": 20000, "statesByTier": { "exhaustive": 12000, ... }, "seeds": 4, "seconds": 5.1,
 *   "statesPerSecond": 3921.0, "verdict": "CLEAN",
 *   "violations": [ { "rule": "PREFIX", "tier": "exhaustive", "reproduced": true,
 *                     "description": "...", "replayFile": "replays/seed1-001-exhaustive-prefix.json" } ] }
 * </pre>
 * {@code verdict} is {@code CLEAN} or {@code VIOLATION}; replay paths are relative to the summary.
 */
public record TortureSummary(String format, int formatVersion, String projectVersion, long seed, String shard,
                             List<String> tiers, List<String> faults, Map<String, String> engineOptions,
                             DiskModel diskModel, WorkloadShape workload, BudgetEntry budget, long statesChecked,
                             Map<String, Long> statesByTier, long seeds, double seconds, double statesPerSecond,
                             String verdict, List<ViolationEntry> violations) {

    public static final String FORMAT = "crashbench-torture-summary";
    public static final int FORMAT_VERSION = 1;

    /** The workload generator's parameters. */
    public record WorkloadShape(int commits, int maxWritesPerTransaction, int keyRange) {
    }

    /** The budget as given (0 = no limit on that axis). */
    public record BudgetEntry(long maxStates, double maxSeconds, long maxSeeds, boolean stopAtFirstViolation) {
    }

    /** One violation. */
    public record ViolationEntry(String rule, String tier, boolean reproduced, String description,
                                 String replayFile) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes atomically, so a reader never sees half a summary. */
    public void write(Path path) throws IOException {
        AtomicFile.writeString(path, MAPPER.writeValueAsString(this) + "\n");
    }

    public static TortureSummary read(Path path) throws IOException {
        return MAPPER.readValue(Files.readString(path, StandardCharsets.UTF_8), TortureSummary.class);
    }
}
