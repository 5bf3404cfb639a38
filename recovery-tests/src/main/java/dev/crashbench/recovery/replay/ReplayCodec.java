package dev.crashbench.recovery.replay;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpFate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link ReplayFile}s. Faults and fates come from the simulator, which knows
 * nothing of JSON; their type names are given here, as Jackson mix-ins.
 */
public final class ReplayCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addMixIn(Fault.class, FaultTypes.class)
            .addMixIn(OpFate.class, FateTypes.class);

    private ReplayCodec() {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Fault.PowerCut.class, name = "power-cut"),
            @JsonSubTypes.Type(value = Fault.LyingSync.class, name = "lying-sync"),
            @JsonSubTypes.Type(value = Fault.SyncError.class, name = "sync-error"),
            @JsonSubTypes.Type(value = Fault.IoError.class, name = "io-error"),
            @JsonSubTypes.Type(value = Fault.ShortWrite.class, name = "short-write"),
            @JsonSubTypes.Type(value = Fault.NoSpace.class, name = "no-space"),
            @JsonSubTypes.Type(value = Fault.BitRot.class, name = "bit-rot"),
            @JsonSubTypes.Type(value = Fault.MisdirectedWrite.class, name = "misdirected-write"),
            @JsonSubTypes.Type(value = Fault.EarlyWriteBack.class, name = "early-write-back")
    })
    private interface FaultTypes {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fate")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = OpFate.Lost.class, name = "lost"),
            @JsonSubTypes.Type(value = OpFate.Kept.class, name = "kept"),
            @JsonSubTypes.Type(value = OpFate.Torn.class, name = "torn")
    })
    private interface FateTypes {
    }

    public static String toJson(ReplayFile file) {
        try {
            return MAPPER.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a replay file failed to serialize: " + e.getMessage(), e);
        }
    }

    /** Parses a replay file; a malformed, foreign or newer file is refused with the reason. */
    public static ReplayFile fromJson(String json) throws InvalidReplayFileException {
        ReplayFile file;
        try {
            file = MAPPER.readValue(json, ReplayFile.class);
        } catch (JsonProcessingException e) {
            throw new InvalidReplayFileException("not a valid replay file: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidReplayFileException("not a valid replay file: " + e.getMessage(), e);
        }
        if (file == null || !ReplayFile.FORMAT.equals(file.format())) {
            throw new InvalidReplayFileException("not a crashbench replay file (format is not '" + ReplayFile.FORMAT
                    + "')", null);
        }
        if (file.formatVersion() < 1 || file.formatVersion() > ReplayFile.FORMAT_VERSION) {
            throw new InvalidReplayFileException("replay format version " + file.formatVersion()
                    + " is not supported (this crashbench reads 1.." + ReplayFile.FORMAT_VERSION + ")", null);
        }
        if (file.crashCase() == null || file.violation() == null) {
            throw new InvalidReplayFileException("the replay file has no crash case or no violation", null);
        }
        return file;
    }

    /** Writes atomically (a temporary file renamed over the target), so a cut run never leaves half a file. */
    public static void write(ReplayFile file, Path path) throws IOException {
        AtomicFile.writeString(path, toJson(file) + "\n");
    }

    public static ReplayFile read(Path path) throws IOException, InvalidReplayFileException {
        return fromJson(Files.readString(path, StandardCharsets.UTF_8));
    }
}
