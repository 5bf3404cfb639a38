package dev.crashbench.recovery.replay;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpFate;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads and writes {@link ReplayFile}s. Faults and fates come from the simulator, which knows
 * nothing of JSON; their type names are given here, as Jackson mix-ins.
 *
 * <p><b>Damage.</b> From format version 2 a file carries a {@code "checksum"}: the CRC-32C, in
 * hex, of the file as written without that field. A file cut or altered after it was written
 * (a fates list cut short still parses, and would replay as "not reproduced", reading as a fixed
 * bug) is refused as damaged before anything runs. Version 1 files have no checksum and are read
 * without that check. Files before version 3 name no engine: they are read as the reference
 * engine's, at their project version. A file that parses is then checked by {@link ReplayBounds}: options the
 * engine accepts, sizes within bounds.
 */
public final class ReplayCodec {
    static final String CHECKSUM = "checksum";

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
            ObjectNode tree = MAPPER.valueToTree(file);
            tree.put(CHECKSUM, checksum(tree));
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("a replay file failed to serialize: " + e.getMessage(), e);
        }
    }

    /** Parses a replay file; a malformed, damaged, foreign or newer file, or one out of bounds, is refused with the reason. */
    public static ReplayFile fromJson(String json) throws InvalidReplayFileException {
        ReplayFile file;
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new InvalidReplayFileException("not a crashbench replay file (not a JSON object)", null);
            }
            checkFormat(tree);
            JsonNode recorded = ((ObjectNode) tree).remove(CHECKSUM);
            ObjectNode current = ((ObjectNode) tree).deepCopy(); // the checksum covers the file as written
            nameTheEngineOfAnOlderFile(current);
            file = MAPPER.treeToValue(current, ReplayFile.class);
            if (tree.path("formatVersion").asInt() >= 2) {
                if (recorded == null || !recorded.isTextual()) {
                    throw new InvalidReplayFileException("damaged replay file: its checksum is missing", null);
                }
                String actual = checksum((ObjectNode) tree);
                if (!actual.equals(recorded.asText())) {
                    throw new InvalidReplayFileException("damaged replay file: its content does not match its checksum"
                            + " (recorded " + recorded.asText() + ", content gives " + actual
                            + "): the file was cut or changed after crashbench wrote it", null);
                }
            }
        } catch (JsonProcessingException e) {
            throw new InvalidReplayFileException("not a valid replay file: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidReplayFileException("not a valid replay file: " + e.getMessage(), e);
        }
        if (file.crashCase() == null || file.violation() == null) {
            throw new InvalidReplayFileException("the replay file has no crash case or no violation", null);
        }
        ReplayBounds.check(file.crashCase());
        return file;
    }

    /**
     * A file older than format 3 was written by the reference engine, whose version is the
     * project's: its case is read as naming that engine at the file's {@code projectVersion}, so a
     * crashbench of another version refuses it with both versions named.
     */
    private static void nameTheEngineOfAnOlderFile(ObjectNode tree) {
        if (tree.path("formatVersion").asInt() >= ReplayFile.FIRST_WITH_ENGINE
                || !(tree.get("crashCase") instanceof ObjectNode crashCase) || crashCase.has("engine")) {
            return;
        }
        ObjectNode engine = crashCase.putObject("engine");
        engine.put("id", ReplayFile.ENGINE_BEFORE_FORMAT_3);
        engine.set("version", tree.get("projectVersion"));
    }

    private static void checkFormat(JsonNode tree) throws InvalidReplayFileException {
        if (!ReplayFile.FORMAT.equals(tree.path("format").asText(null))) {
            throw new InvalidReplayFileException("not a crashbench replay file (format is not '" + ReplayFile.FORMAT
                    + "')", null);
        }
        JsonNode version = tree.path("formatVersion");
        if (!version.isInt() || version.asInt() < 1 || version.asInt() > ReplayFile.FORMAT_VERSION) {
            throw new InvalidReplayFileException("replay format version " + version
                    + " is not supported (this crashbench reads 1.." + ReplayFile.FORMAT_VERSION + ")", null);
        }
    }

    /** CRC-32C of the tree's JSON as this codec writes it (without the checksum field). */
    private static String checksum(ObjectNode withoutChecksum) throws JsonProcessingException {
        CRC32C crc = new CRC32C();
        crc.update(MAPPER.writeValueAsString(withoutChecksum).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /** Writes atomically (a temporary file renamed over the target), so a cut run never leaves half a file. */
    public static void write(ReplayFile file, Path path) throws IOException {
        AtomicFile.writeString(path, toJson(file) + "\n");
    }

    public static ReplayFile read(Path path) throws IOException, InvalidReplayFileException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidReplayFileException("not a replay file: it is not UTF-8 text (a binary file?)", e);
        }
        return fromJson(text);
    }
}
