package dev.crashbench.torture.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code crashbench inspect} on files the engine wrote: three real commits, then copies damaged
 * the way a crash or bit rot leaves them. Where inspect says recovery stops is checked against
 * what {@link Database#open} actually recovers from the same files.
 */
class InspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InspectFixture fixture;
    /** Facts from the engine itself, to check inspect against. */
    private int engineWalFrames;
    private DbHeader engineHeader;

    @BeforeEach
    void threeCommits() throws IOException {
        fixture = InspectFixture.fresh("inspect");
        byte[] walBeforeClose;
        try (Database db = fixture.open()) {
            InspectFixture.threeCommits(db);
            engineWalFrames = db.walFrames();
            engineHeader = db.header();
            walBeforeClose = Files.readAllBytes(fixture.walFile());
        }
        // The WAL as a process killed after its last commit leaves it: no close frame vouches for
        // the last commit, so a break there is a torn tail (the close frame has a test of its own).
        Files.write(fixture.walFile(), walBeforeClose);
    }

    @AfterAll
    static void cleanUp() {
        InspectFixture.deleteAll();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static JsonNode json(Path file, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("inspect", "--json", file.toString()));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertEquals("", r.err());
        return JSON.readTree(r.out());
    }

    private static List<JsonNode> frames(JsonNode wal) {
        List<JsonNode> frames = new ArrayList<>();
        wal.get("frames").forEach(frames::add);
        return frames;
    }

    /** Indexes of the frames carrying a commit marker. */
    private static List<Integer> markers(JsonNode wal) {
        List<Integer> markers = new ArrayList<>();
        for (JsonNode f : frames(wal)) {
            if (!f.get("commitSize").isNull()) {
                markers.add(f.get("index").asInt());
            }
        }
        return markers;
    }

    private static void assertUsageError(CliRun r, String expected) {
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("crashbench inspect: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    /** Delta frames are shorter than full ones: each is listed at its own offset, as recovery walks them. */
    @Test
    void aWalWithDeltaFramesListsEachFrameAtItsOwnOffset() throws IOException {
        InspectFixture deltas = InspectFixture.fresh("inspect-deltas");
        EngineOptions options = InspectFixture.options().withOptimization(Optimization.DELTA_FRAMES, true);
        int walFrames;
        byte[] walBeforeClose;
        try (Database db = Database.open(LocalVfs.at(deltas.dir), InspectFixture.NAME, options)) {
            InspectFixture.threeCommits(db);
            for (int i = 0; i < 3; i++) {
                try (WriteTransaction tx = db.beginWrite()) {
                    tx.table(InspectFixture.TABLE).put(2, InspectFixture.bytes("two " + i));
                    tx.commit();
                }
            }
            assertTrue(db.events().get(EngineEvent.DELTA_FRAME) > 0, "the updates wrote delta frames");
            walFrames = db.walFrames();
            walBeforeClose = Files.readAllBytes(deltas.walFile());
        }
        Files.write(deltas.walFile(), walBeforeClose); // without the close frame, as a killed process leaves it
        JsonNode wal = json(deltas.walFile());
        List<JsonNode> frames = frames(wal);
        assertEquals(walFrames, frames.size(), "every frame the engine wrote, and no other");
        long offset = WalHeader.REGION_SIZE;
        boolean sawDelta = false;
        for (int i = 0; i < frames.size(); i++) {
            JsonNode f = frames.get(i);
            assertEquals(i, f.get("index").asInt());
            assertEquals(offset, f.get("offset").asLong(), f.toString());
            assertTrue(f.get("checksumValid").asBoolean(), f.toString());
            assertEquals("REPLAYED", f.get("fate").asText());
            long next = i + 1 < frames.size() ? frames.get(i + 1).get("offset").asLong() : offset + WalFrame.SIZE;
            sawDelta |= next - offset < WalFrame.SIZE;
            offset = next;
        }
        assertTrue(sawDelta, "some frame is shorter than a full one");
    }

    // ---- an intact WAL -------------------------------------------------------------------------

    @Test
    void intactWalListsEveryFrameAndRecoveryReplaysAllThreeCommits() throws IOException {
        JsonNode wal = json(fixture.walFile());
        assertEquals("WAL", wal.get("kind").asText());
        JsonNode header = wal.get("header");
        assertEquals("CBENCHWL", header.get("magic").asText());
        assertEquals(WalHeader.FORMAT_VERSION, header.get("version").asInt());
        assertEquals(Page.SIZE, header.get("pageSize").asInt());
        assertTrue(header.get("checksumValid").asBoolean());
        assertEquals("VALID", header.get("verdict").asText());
        assertEquals(0, header.get("checkpointSequence").asLong());
        assertEquals(WalFrame.offset(InspectFixture.WAL_SLOTS), wal.get("sizeBytes").asLong());
        assertEquals(InspectFixture.WAL_SLOTS, wal.get("frameSlots").asInt());

        List<JsonNode> frames = frames(wal);
        assertEquals(engineWalFrames, frames.size(), "every frame the engine wrote, and no other slot");
        List<Integer> markers = markers(wal);
        assertEquals(3, markers.size(), "one commit marker per commit: " + markers);
        assertEquals(frames.size() - 1, markers.get(2), "the last frame ends commit 3");
        assertTrue(markers.get(2) - markers.get(1) > 1, "commit 3 (a big value) has several frames: " + markers);
        int commit = 0;
        for (JsonNode f : frames) {
            int index = f.get("index").asInt();
            assertEquals(WalFrame.offset(index), f.get("offset").asLong());
            assertTrue(f.get("saltMatches").asBoolean(), f.toString());
            assertEquals(header.get("salt").asText(), f.get("salt").asText());
            assertTrue(f.get("checksumValid").asBoolean(), f.toString());
            assertEquals("REPLAYED", f.get("fate").asText());
            assertEquals(commit + 1, f.get("commitSequence").asLong(), "frame " + index + " belongs to commit " + (commit + 1));
            assertEquals(f.get("epoch").asLong(), frames.get(0).get("epoch").asLong(), "one opening wrote them all");
            if (index == markers.get(commit)) {
                commit++;
            }
        }
        assertEquals(engineHeader.pageCount(), frames.get(frames.size() - 1).get("commitSize").asInt(),
                "the last commit marker is the database size the engine reports");

        JsonNode empty = wal.get("emptySlots");
        assertEquals(1, empty.size(), empty.toString());
        assertEquals(frames.size(), empty.get(0).get("first").asInt());
        assertEquals(InspectFixture.WAL_SLOTS - 1, empty.get(0).get("last").asInt());

        JsonNode recovery = wal.get("recovery");
        assertEquals("REPLAYS_PREFIX", recovery.get("outcome").asText());
        assertEquals(engineWalFrames, recovery.get("replayedFrames").asInt());
        assertEquals(3, recovery.get("commits").asInt());
        assertEquals(3, recovery.get("lastCommitSequence").asLong());
        assertEquals(0, recovery.get("uncommittedFrames").asInt());
        assertEquals(frames.size(), recovery.get("stopFrame").asInt());
        assertEquals("SALT_MISMATCH", recovery.get("stop").asText());
        assertEquals("recovery stops after frame " + (frames.size() - 1) + " (last commit seq 3): frame "
                + frames.size() + " is all zero, a slot never written", recovery.get("summary").asText());
    }

    @Test
    void textOutputAlignsItsColumnsAndEndsWithTheRecoveryLine() throws IOException {
        CliRun r = CliRun.of("inspect", fixture.walFile().toString());
        assertEquals(ExitCodes.OK, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        int tableHeader = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("frame ")) {
                tableHeader = i;
            }
        }
        assertTrue(tableHeader > 0, r.out());
        String head = lines.get(tableHeader);
        int pageEnd = head.indexOf("page") + "page".length();
        int chainStart = head.indexOf("chain");
        for (int i = 1; i <= engineWalFrames; i++) {
            String row = lines.get(tableHeader + i);
            assertEquals(String.valueOf(i - 1), row.substring(0, "frame".length()).trim(),
                    "the frame column is right-aligned under its header:\n" + head + "\n" + row);
            assertTrue(Character.isDigit(row.charAt(pageEnd - 1)) && row.charAt(pageEnd) == ' ',
                    "the page column is right-aligned under its header:\n" + head + "\n" + row);
            assertEquals("valid", row.substring(chainStart, chainStart + 5), "chain column:\n" + head + "\n" + row);
            assertTrue(row.endsWith("replayed"), row);
        }
        assertTrue(lines.get(tableHeader + engineWalFrames + 1).contains("all zero (never written)"), r.out());
        String summary = json(fixture.walFile()).get("recovery").get("summary").asText();
        assertEquals(summary, lines.get(lines.size() - 1));
        assertTrue(r.out().contains("header checksum"), r.out());
        assertTrue(r.out().contains(json(fixture.walFile()).get("header").get("salt").asText()), r.out());
    }

    @Test
    void limitListsFewerFramesButRecoveryStillCoversTheWholeFile() throws IOException {
        JsonNode all = json(fixture.walFile());
        JsonNode two = json(fixture.walFile(), "--limit", "2");
        assertEquals(2, two.get("frames").size());
        assertEquals(InspectFixture.WAL_SLOTS - 2, two.get("slotsNotListed").asInt());
        assertEquals(all.get("recovery"), two.get("recovery"));
        CliRun text = CliRun.of("inspect", "--limit", "2", fixture.walFile().toString());
        assertTrue(text.out().contains("... " + (InspectFixture.WAL_SLOTS - 2) + " more frame slots not listed"), text.out());
        assertEquals(ExitCodes.USAGE, CliRun.of("inspect", "--limit", "-1", fixture.walFile().toString()).exit());
    }

    // ---- damaged WALs: inspect's verdict is the engine's ---------------------------------------

    @Test
    void aFlippedBitInASyncedFrameIsDamageShownWithItsFrameAndOffset() throws IOException {
        List<Integer> markers = markers(json(fixture.walFile()));
        int bad = markers.get(0) + 1; // the first frame of commit 2, which commit 3's frames say was synced
        InspectFixture copy = fixture.copy("bit-flip");
        InspectFixture.flipBit(copy.walFile(), WalFrame.offset(bad) + WalFrame.OFFSET_IMAGE + 100);

        JsonNode wal = json(copy.walFile());
        for (JsonNode f : frames(wal)) {
            int index = f.get("index").asInt();
            assertEquals(index != bad, f.get("checksumValid").asBoolean(),
                    "only the damaged frame breaks its link; the next links to its stored checksum: " + f);
        }
        JsonNode recovery = wal.get("recovery");
        assertEquals("FAILS", recovery.get("outcome").asText(), recovery.toString());
        assertEquals("CORRUPT", recovery.get("stop").asText());
        assertEquals(bad, recovery.get("stopFrame").asInt());
        String summary = recovery.get("summary").asText();
        assertTrue(summary.contains("WAL damaged: frame " + bad + " at byte " + WalFrame.offset(bad)), summary);
        assertTrue(summary.contains("its checksum does not continue the chain"), summary);
        assertTrue(summary.contains("not a torn tail"), summary);
        CliRun text = CliRun.of("inspect", copy.walFile().toString());
        assertTrue(text.out().contains("frame " + bad + " at byte " + WalFrame.offset(bad)), text.out());
    }

    @Test
    void aCleanCloseEndsWithACloseFrameThatVouchesForTheLastCommit() throws IOException {
        InspectFixture closed = InspectFixture.fresh("inspect-closed");
        int walFrames;
        try (Database db = closed.open()) {
            InspectFixture.threeCommits(db);
            walFrames = db.walFrames();
        }
        JsonNode recovery = json(closed.walFile()).get("recovery");
        assertEquals("CLOSED", recovery.get("stop").asText(), recovery.toString());
        assertEquals(walFrames, recovery.get("replayedFrames").asInt());
        assertTrue(recovery.get("summary").asText().contains("frame " + walFrames + ": it is the close frame"),
                recovery.toString());
        InspectFixture.flipBit(closed.walFile(), WalFrame.offset(walFrames - 1) + WalFrame.OFFSET_IMAGE + 5);
        JsonNode damaged = json(closed.walFile()).get("recovery");
        assertEquals("CORRUPT", damaged.get("stop").asText(), damaged.toString());
        assertEquals(walFrames - 1, damaged.get("stopFrame").asInt());
    }

    @Test
    void aFrameOfAnotherSaltStopsRecoveryWithASaltMismatch() throws IOException {
        List<Integer> markers = markers(json(fixture.walFile()));
        int bad = markers.get(1) + 1; // the first frame of commit 3
        InspectFixture copy = fixture.copy("salt");
        InspectFixture.flipBit(copy.walFile(), WalFrame.offset(bad) + WalFrame.OFFSET_SALT);

        JsonNode wal = json(copy.walFile());
        JsonNode frame = frames(wal).get(bad);
        assertFalse(frame.get("saltMatches").asBoolean());
        assertFalse(frame.get("salt").asText().equals(wal.get("header").get("salt").asText()));
        JsonNode recovery = wal.get("recovery");
        assertEquals("SALT_MISMATCH", recovery.get("stop").asText());
        assertEquals(bad, recovery.get("stopFrame").asInt());
        assertEquals(2, recovery.get("lastCommitSequence").asInt());
        assertTrue(recovery.get("summary").asText().contains("frame " + bad + ": its salt is not the header's"),
                recovery.toString());
        assertEquals("12", copy.recoveredKeys());
    }

    @Test
    void aWalTornInsideItsLastFrameDropsTheLastCommitAndItsEarlierFrames() throws IOException {
        List<Integer> markers = markers(json(fixture.walFile()));
        int last = markers.get(2);
        int firstOfCommit3 = markers.get(1) + 1;
        InspectFixture copy = fixture.copy("torn");
        InspectFixture.truncate(copy.walFile(), WalFrame.offset(last) + 1000);

        JsonNode wal = json(copy.walFile());
        assertEquals(last, wal.get("frameSlots").asInt());
        assertEquals(1000, wal.get("partialFrameBytes").asInt());
        assertEquals(0, wal.get("emptySlots").size());
        JsonNode recovery = wal.get("recovery");
        assertEquals("END_OF_FILE", recovery.get("stop").asText());
        assertEquals(firstOfCommit3, recovery.get("replayedFrames").asInt());
        assertEquals(last - firstOfCommit3, recovery.get("uncommittedFrames").asInt());
        assertEquals(2, recovery.get("lastCommitSequence").asLong());
        for (JsonNode f : frames(wal)) {
            int index = f.get("index").asInt();
            assertTrue(f.get("checksumValid").asBoolean());
            assertEquals(index < firstOfCommit3 ? "REPLAYED" : "UNCOMMITTED", f.get("fate").asText(), f.toString());
        }
        String summary = recovery.get("summary").asText();
        assertTrue(summary.startsWith("recovery stops after frame " + (firstOfCommit3 - 1) + " (last commit seq 2): "
                + "the file holds no further complete frame (1000 bytes of a partial frame follow)"), summary);
        assertTrue(summary.contains("frames " + firstOfCommit3 + "-" + (last - 1) + " before it continue the chain"),
                summary);
        assertEquals("12", copy.recoveredKeys());
    }

    @Test
    void aDamagedHeaderMeansNoFrameIsReplayedAndInspectChangesNothing() throws IOException {
        InspectFixture copy = fixture.copy("header");
        InspectFixture.flipBit(copy.walFile(), WalHeader.OFFSET_SALT + 3);
        byte[] before = Files.readAllBytes(copy.walFile());
        Set<Path> filesBefore = listing(copy.dir);

        JsonNode wal = json(copy.walFile());
        assertFalse(wal.get("header").get("checksumValid").asBoolean());
        assertEquals("INVALID", wal.get("header").get("verdict").asText());
        assertEquals("HEADER_INVALID", wal.get("recovery").get("outcome").asText());
        assertEquals(0, wal.get("recovery").get("replayedFrames").asInt());
        assertEquals(engineWalFrames, wal.get("frames").size());
        for (JsonNode f : frames(wal)) {
            assertEquals("NOT_REPLAYED", f.get("fate").asText());
            assertFalse(f.get("saltMatches").asBoolean(), "the stored header salt is the damaged one");
        }
        assertTrue(wal.get("recovery").get("summary").asText().startsWith(
                "recovery replays no frame: the header fails its checksum"), wal.get("recovery").toString());
        CliRun text = CliRun.of("inspect", copy.walFile().toString());
        assertTrue(text.out().contains("INVALID"), text.out());

        assertArrayEquals(before, Files.readAllBytes(copy.walFile()), "inspect never repairs or rewrites the header");
        assertEquals(filesBefore, listing(copy.dir), "inspect creates no file");
    }

    @Test
    void aDamagedMagicIsRefusedUnlessTheKindIsGiven() throws IOException {
        InspectFixture copy = fixture.copy("magic");
        InspectFixture.flipBit(copy.walFile(), 0);
        assertUsageError(CliRun.of("inspect", copy.walFile().toString()), "not a crashbench database or WAL file");
        JsonNode wal = json(copy.walFile(), "--kind", "WAL");
        assertEquals("INVALID", wal.get("header").get("verdict").asText());
        assertFalse(wal.get("header").get("checksumValid").asBoolean(), "the magic is checksummed too");
        assertEquals(engineWalFrames, wal.get("frames").size());
    }

    @Test
    void afterAResetTheOldGenerationsFramesStayButRecoveryStopsAtFrameZero() throws IOException {
        long digest;
        JsonNode wal;
        try (Database db = fixture.open()) {
            db.checkpoint(); // the open already checkpointed what it recovered; this finds the WAL reset
            assertEquals(0, db.walFrames(), "every frame is home and the WAL reset");
            digest = db.pageDigest();
            wal = json(fixture.walFile()); // while open: a clean close cuts the WAL to its header
        }
        assertEquals(WalHeader.REGION_SIZE, Files.size(fixture.walFile()), "the clean close cut the old frames off");
        assertEquals(1, wal.get("header").get("checkpointSequence").asLong(), "the first reset");
        assertEquals(String.format("0x%016x", digest), wal.get("header").get("pageDigest").asText(),
                "the reset recorded the page digest of the database file it left");
        List<JsonNode> frames = frames(wal);
        // The open copied the recovered frames into a new WAL, one commit of their pages' newest
        // images, then checkpointed and reset it: the reset wrote a new header, not the frames.
        assertTrue(frames.size() > 0 && frames.size() < engineWalFrames, frames.size() + " frames");
        assertEquals(1, markers(wal).size(), "the copy is one commit");
        for (JsonNode f : frames) {
            assertFalse(f.get("saltMatches").asBoolean(), f.toString());
            assertEquals(f.get("index").asInt() > 0, f.get("checksumValid").asBoolean(),
                    "old frames still chain to each other, but frame 0 not to the new salt's seed: " + f);
            assertEquals("NOT_REPLAYED", f.get("fate").asText());
        }
        JsonNode recovery = wal.get("recovery");
        assertEquals(0, recovery.get("replayedFrames").asInt());
        assertEquals(0, recovery.get("stopFrame").asInt());
        assertEquals("recovery stops before frame 0 (no commit): frame 0: its salt is not the header's "
                + "(a frame of another generation, or a slot never written)", recovery.get("summary").asText());
        assertEquals("123", fixture.recoveredKeys(), "everything is home");
    }

    // ---- database files ------------------------------------------------------------------------

    @Test
    void beforeACheckpointTheDatabaseFileHoldsOnlyItsFirstHeader() throws IOException {
        JsonNode db = json(fixture.dbFile());
        assertEquals("DATABASE", db.get("kind").asText());
        JsonNode header = db.get("header");
        assertEquals("CBENCHDB", header.get("magic").asText());
        assertEquals(DbHeader.FORMAT_VERSION, header.get("version").asInt());
        assertEquals(Page.SIZE, header.get("pageSize").asInt());
        assertEquals(1, header.get("pageCount").asInt(), "every later page is still only in the WAL");
        assertEquals(0, header.get("catalogRoot").asInt());
        assertEquals(0, header.get("checkpointSequence").asLong());
        assertTrue(header.get("checksumValid").asBoolean());
        assertTrue(header.get("problem").isNull());
        assertEquals(1, db.get("pagesInFile").asInt());
        assertTrue(db.get("pages").isNull(), "pages only with --pages");
    }

    @Test
    void afterACheckpointEveryPageIsHomeWithAValidTrailer() throws IOException {
        DbHeader home;
        long digest;
        try (Database db = fixture.open()) {
            db.checkpoint(); // the open already checkpointed what it recovered; this finds the WAL reset
            assertEquals(0, db.walFrames(), "every frame is home and the WAL reset");
            home = db.header();
            digest = db.pageDigest();
        }
        JsonNode db = json(fixture.dbFile(), "--pages");
        JsonNode header = db.get("header");
        assertEquals(home.pageCount(), header.get("pageCount").asInt());
        assertTrue(home.pageCount() > 3, "header, catalog, table leaf, overflow pages: " + home);
        assertEquals(home.catalogRoot(), header.get("catalogRoot").asInt());
        assertEquals(home.freeListHead(), header.get("freeListHead").asInt());
        assertEquals(home.freePageCount(), header.get("freePageCount").asInt());
        assertEquals(home.checkpointSequence(), header.get("checkpointSequence").asLong());
        assertEquals(String.format("0x%016x", home.homeDigest()), header.get("homeDigest").asText(),
                "the checkpoint that reset the WAL recorded the file's page digest in page 0");
        assertEquals(home.homeDigest(), digest, "the same digest as the WAL header's");
        assertEquals(home.pageCount(), db.get("pagesInFile").asInt());
        List<String> types = new ArrayList<>();
        for (JsonNode page : db.get("pages")) {
            assertTrue(page.get("checksumValid").asBoolean(), page.toString());
            assertEquals(page.get("id").asLong() * Page.SIZE, page.get("offset").asLong());
            types.add(page.get("type").asText());
        }
        assertEquals("header", types.get(0));
        assertTrue(types.contains("leaf") && types.contains("overflow"), types.toString());
        assertTrue(Set.of("header", "leaf", "interior", "overflow", "free").containsAll(types), types.toString());
        assertEquals("123", fixture.recoveredKeys());

        InspectFixture copy = fixture.copy("page-rot");
        InspectFixture.flipBit(copy.dbFile(), 2L * Page.SIZE + 10);
        for (JsonNode page : json(copy.dbFile(), "--pages").get("pages")) {
            assertEquals(page.get("id").asInt() != 2, page.get("checksumValid").asBoolean(), page.toString());
        }
        CliRun text = CliRun.of("inspect", "--pages", copy.dbFile().toString());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("\\s*2\\s+8192\\s+\\S+\\s+INVALID")), text.out());

        InspectFixture.flipBit(copy.dbFile(), DbHeader.OFFSET_CATALOG_ROOT);
        JsonNode damaged = json(copy.dbFile()).get("header");
        assertFalse(damaged.get("checksumValid").asBoolean());
        assertTrue(damaged.get("problem").asText().contains("fails its checksum"), damaged.toString());
        assertEquals(home.catalogRoot() ^ 0x10, damaged.get("catalogRoot").asInt(), "fields are shown as stored");
    }

    // ---- what is not a crashbench file ---------------------------------------------------------

    @Test
    void pathsThatAreNoCrashbenchFileAreUsageErrorsWithoutAStackTrace() throws IOException {
        Path other = fixture.dir.resolve("notes.txt");
        Files.writeString(other, "hello, this is not a database", StandardCharsets.UTF_8);
        assertUsageError(CliRun.of("inspect", other.toString()), "not a crashbench database or WAL file");

        assertUsageError(CliRun.of("inspect", fixture.dir.resolve("missing").toString()), "no such file");
        assertUsageError(CliRun.of("inspect", fixture.dir.toString()), "not a regular file");

        Path empty = fixture.dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertUsageError(CliRun.of("inspect", empty.toString()), "too short");

        Path shortWal = fixture.dir.resolve("short-wal");
        Files.write(shortWal, java.util.Arrays.copyOf(Files.readAllBytes(fixture.walFile()), 20));
        assertUsageError(CliRun.of("inspect", shortWal.toString()), "shorter than its " + WalHeader.ENCODED_SIZE + "-byte header");

        Path shortDb = fixture.dir.resolve("short-db");
        Files.write(shortDb, java.util.Arrays.copyOf(Files.readAllBytes(fixture.dbFile()), 100));
        assertUsageError(CliRun.of("inspect", shortDb.toString()), "shorter than its 4096-byte header page");

        assertEquals(ExitCodes.USAGE, CliRun.of("inspect").exit(), "PATH is required");
    }

    private static Set<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return Set.copyOf(files.toList());
        }
    }

    @Test
    void helpNamesTheExitCodes() {
        CliRun r = CliRun.of("inspect", "--help");
        assertEquals(ExitCodes.OK, r.exit());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("2 bad usage, or PATH is missing, unreadable, too short, "
                + "or not a crashbench database or WAL file"), r.out());
    }
}
