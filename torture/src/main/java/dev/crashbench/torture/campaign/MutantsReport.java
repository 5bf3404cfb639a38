package dev.crashbench.torture.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crashbench.recovery.replay.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code crashbench mutants} writes as {@code mutants.json}: the fixed campaign each
 * mutation ran (seed, state budget), one row per mutation and one for the healthy engine.
 *
 * <pre>
 * { "format": "crashbench-mutants", "formatVersion": 1, "projectVersion": "0.1.0-SNAPSHOT",
 *   "seed": 1, "maxStates": 40000, "passed": true,
 *   "mutations": [ { "name": "unsafe_sync_is_noop", "detected": true, "states": 929, "seconds": 0.4,
 *                    "rule": "PREFIX", "replayFile": "unsafe_sync_is_noop.json" }, ... ],
 *   "healthy": { "name": "healthy", "detected": false, "states": 40000, "seconds": 12.0,
 *                "rule": null, "replayFile": null } }
 * </pre>
 * {@code passed} is true when every mutation was detected and the healthy engine was not.
 */
public record MutantsReport(String format, int formatVersion, String projectVersion, long seed, long maxStates,
                            boolean passed, List<Row> mutations, Row healthy) {

    public static final String FORMAT = "crashbench-mutants";
    public static final int FORMAT_VERSION = 1;

    /** One campaign: detected or not, after how many states and seconds, which rule, which replay file. */
    public record Row(String name, boolean detected, long states, double seconds, String rule, String replayFile) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path path) throws IOException {
        AtomicFile.writeString(path, MAPPER.writeValueAsString(this) + "\n");
    }

    public static MutantsReport read(Path path) throws IOException {
        return MAPPER.readValue(path.toFile(), MutantsReport.class);
    }
}
