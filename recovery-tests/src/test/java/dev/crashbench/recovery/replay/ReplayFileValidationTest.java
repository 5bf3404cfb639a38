package dev.crashbench.recovery.replay;

import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpFate;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.EngineId;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.reference.ReferenceEngine;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.vfs.DiskModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A replay file is validated completely when it is read: damage, engine options, sizes, encoding. */
class ReplayFileValidationTest {
    private static final Violation VIOLATION = new Violation(Rule.PREFIX, "the state after commit 2", "commit 1");

    private static CrashCase aCase(Map<String, String> options, List<Op> ops, List<OpFate> fates) {
        return new CrashCase(Tier.EXHAUSTIVE, new EngineId(ReferenceEngine.ID, ProjectVersion.get()), options, DiskModel.WORST_CASE, 1, new Workload(ops),
                List.of(new StepFault(9, new Fault.PowerCut(false))), fates, null);
    }

    private static CrashCase healthy() {
        return aCase(Map.of("durability", "full"), List.of(new Op.Put(1, 10, 0), new Op.Commit()),
                List.of(new OpFate.Kept(), new OpFate.Lost()));
    }

    private static String message(CrashCase c) {
        String json = ReplayCodec.toJson(ReplayFile.of(VIOLATION, c));
        return assertThrows(InvalidReplayFileException.class, () -> ReplayCodec.fromJson(json)).getMessage();
    }

    @Test
    void aHealthyFileRoundTrips() throws Exception {
        ReplayFile file = ReplayFile.of(VIOLATION, healthy());
        assertEquals(file, ReplayCodec.fromJson(ReplayCodec.toJson(file)));
    }

    @Test
    void aFatesListCutShortIsDamageNotADivergence() {
        String json = ReplayCodec.toJson(ReplayFile.of(VIOLATION, healthy()));
        String cut = json.replaceFirst(",\\s*\\{\\s*\"fate\" : \"lost\"\\s*}", "");
        assertTrue(cut.length() < json.length(), "the test removed a fate");
        String why = assertThrows(InvalidReplayFileException.class, () -> ReplayCodec.fromJson(cut)).getMessage();
        assertTrue(why.startsWith("damaged replay file"), why);
    }

    @Test
    void aVersionOneFileWithoutChecksumIsStillRead() throws Exception {
        String json = ReplayCodec.toJson(ReplayFile.of(VIOLATION, healthy()))
                .replace("\"formatVersion\" : " + ReplayFile.FORMAT_VERSION, "\"formatVersion\" : 1")
                .replaceFirst(",\\s*\"" + ReplayCodec.CHECKSUM + "\" : \"[0-9a-f]+\"", "");
        assertEquals(healthy(), ReplayCodec.fromJson(json).crashCase());
    }

    @Test
    void engineOptionsTheEngineRefusesAreRefusedOnReading() {
        assertTrue(message(aCase(Map.of("cache_size_pages", "-1"), healthy().workload().ops(), healthy().fates()))
                .contains("cache_size_pages must be at least 1"));
        assertTrue(message(aCase(Map.of("no_such_key", "1"), healthy().workload().ops(), healthy().fates()))
                .contains("unknown option 'no_such_key' for engine 'reference'; known: durability,"));
        assertTrue(message(aCase(Map.of("wal_mmap", "true", "wal_dsync", "true"), healthy().workload().ops(),
                healthy().fates())).contains("cannot be combined"));
    }

    @Test
    void anEngineThatIsNotInstalledOrOfAnotherVersionIsRefusedOnReading() {
        CrashCase healthy = healthy();
        CrashCase foreign = new CrashCase(healthy.tier(), new EngineId("rocksdb", "9.4.0"), healthy.engineOptions(),
                healthy.diskModel(), healthy.diskSeed(), healthy.workload(), healthy.runFaults(), healthy.fates(), null);
        assertTrue(message(foreign).contains("unknown engine 'rocksdb'; known: h2, reference, sqlite"), message(foreign));
        CrashCase older = new CrashCase(healthy.tier(), new EngineId(ReferenceEngine.ID, "0.0.1"),
                healthy.engineOptions(), healthy.diskModel(), healthy.diskSeed(), healthy.workload(),
                healthy.runFaults(), healthy.fates(), null);
        assertTrue(message(older).contains("the case ran on reference 0.0.1, and this crashbench has reference "
                + ProjectVersion.get()), message(older));
    }

    @Test
    void aFileOfFormat2IsReadAsTheReferenceEngineAtItsProjectVersion() throws InvalidReplayFileException {
        String json = ReplayCodec.toJson(ReplayFile.of(VIOLATION, healthy()));
        String format2 = json.replace("\"formatVersion\" : " + ReplayFile.FORMAT_VERSION, "\"formatVersion\" : 1")
                .replaceFirst("\"engine\" : \\{[^}]*},", "").replaceFirst(",\\s*\"checksum\" : \"[0-9a-f]+\"", "");
        assertTrue(!format2.contains("\"engine\""), format2);
        ReplayFile read = ReplayCodec.fromJson(format2);
        assertEquals(new EngineId(ReferenceEngine.ID, ProjectVersion.get()), read.crashCase().engine());
        String otherVersion = format2.replace("\"projectVersion\" : \"" + ProjectVersion.get() + "\"",
                "\"projectVersion\" : \"0.0.1\"");
        InvalidReplayFileException refused = assertThrows(InvalidReplayFileException.class,
                () -> ReplayCodec.fromJson(otherVersion));
        assertTrue(refused.getMessage().contains("reference 0.0.1"), refused.getMessage());
    }

    @Test
    void sizesOutOfBoundsAreRefusedBeforeAnyMemoryIsTaken() {
        String why = message(aCase(Map.of(), List.of(new Op.Put(1, 2_000_000_000, 0), new Op.Commit()), healthy().fates()));
        assertTrue(why.contains("op 0 puts 2000000000 bytes"), why);
        List<Op> many = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new Op.Put(i, ReplayBounds.MAX_VALUE_BYTES, 0));
        }
        assertTrue(message(aCase(Map.of(), many, null)).contains("in all"));
    }

    @Test
    void aBinaryFileIsRefusedAsNotText(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
        String why = assertThrows(InvalidReplayFileException.class, () -> ReplayCodec.read(binary)).getMessage();
        assertTrue(why.contains("not UTF-8 text"), why);
        Files.writeString(binary, "[1, 2]", StandardCharsets.UTF_8);
        assertTrue(assertThrows(InvalidReplayFileException.class, () -> ReplayCodec.read(binary)).getMessage()
                .contains("not a JSON object"));
    }
}
