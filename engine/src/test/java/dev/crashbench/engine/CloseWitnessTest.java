package dev.crashbench.engine;

import static dev.crashbench.engine.TestDb.bytes;
import static dev.crashbench.engine.TestDb.put;
import static dev.crashbench.engine.TestDb.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.wal.Wal;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A clean close's witness (see {@link Wal#writeCloseFrame}): with delta frames, a commit's frames
 * are 512 bytes, so one damaged block over the WAL's last frames also covered the close frame
 * right after them, and the lost commits read as a torn tail. Here one block of garbage of a full
 * frame's size (4,608 B, more than a 4 KiB device block) is laid at every sector boundary of a
 * cleanly closed WAL of delta commits: every reopening must refuse the files or hold every commit,
 * never an older state. The same WAL with its witness erased, as the format before it was written,
 * must lose commits silently at some placement: the check can fail, and the witness is what passes it.
 */
class CloseWitnessTest {
    private static final String DB = "db";
    private static final String WAL = DB + "-wal";
    private static final int DAMAGE_BYTES = WalFrame.SIZE;
    private static final int UPDATES = 24;

    private static EngineOptions options() {
        return EngineOptions.defaults().withAutoCheckpointFrames(10_000).withWalPreallocatedFrames(64)
                .withOptimization(Optimization.DELTA_FRAMES, true);
    }

    /** The closed files and the table after each commit of the tail (0: before the first). */
    private record Closed(byte[] db, byte[] wal, List<Map<Long, String>> states) {
        /** Where the close frame lies: just past the last commit's frames. */
        long closeFrame() {
            return wal.length - WalFrame.HEADER_SIZE - Wal.CLOSE_WITNESS_DISTANCE;
        }
    }

    private static Closed closedWithDeltaTail() throws IOException {
        MemoryVfs vfs = new MemoryVfs("witness");
        List<Map<Long, String>> states = new ArrayList<>();
        try (Database db = Database.open(vfs, DB, options())) {
            try (WriteTransaction w = db.beginWrite()) {
                Table t = w.createTable("t");
                for (long k = 0; k < 40; k++) {
                    t.put(k, bytes("value " + (1000 + k)));
                }
                w.commit();
            }
            db.checkpoint();
            states.add(table(db));
            for (int i = 0; i < UPDATES; i++) {
                put(db, "t", i % 40, bytes("value " + (2000 + i)));
                states.add(table(db));
            }
        }
        return new Closed(read(vfs, DB), read(vfs, WAL), states);
    }

    @Test
    void oneBlockOfDamageAnywhereInTheWalLosesNoCommitSilently() throws IOException {
        Closed closed = closedWithDeltaTail();
        assertEquals(WalFrame.KIND_CLOSE, closed.wal()[(int) closed.closeFrame() + WalFrame.OFFSET_KIND],
                "the close frame lies one witness distance before the witness, at the WAL's end");
        assertTrue(closed.closeFrame() - WalHeader.REGION_SIZE < (UPDATES + 4L) * WalFrame.SIZE / 2,
                "the tail is mostly delta frames");
        List<String> losses = losses(closed, closed.wal());
        assertEquals(List.of(), losses);
    }

    @Test
    void withoutTheWitnessTheSameDamageLosesCommitsSilently() throws IOException {
        Closed closed = closedWithDeltaTail();
        byte[] noWitness = closed.wal().clone();
        long witness = closed.closeFrame() + Wal.CLOSE_WITNESS_DISTANCE;
        Arrays.fill(noWitness, (int) witness, (int) witness + WalFrame.HEADER_SIZE, (byte) 0);
        List<String> losses = losses(closed, noWitness);
        System.out.println("without the witness: " + losses);
        assertTrue(!losses.isEmpty(), "a block over the last delta frames and the close frame"
                + " reads as a torn tail when nothing past it vouches for the sync");
    }

    /** Every placement of the damage whose reopening gave an older state than the last commit's. */
    private static List<String> losses(Closed closed, byte[] wal) throws IOException {
        List<String> losses = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(17);
        Map<Long, String> last = closed.states().get(UPDATES);
        for (int at = WalHeader.REGION_SIZE; at < closed.closeFrame() + WalFrame.HEADER_SIZE; at += WalFrame.ALIGNMENT) {
            byte[] damaged = wal.clone();
            byte[] garbage = new byte[DAMAGE_BYTES];
            random.nextBytes(garbage);
            System.arraycopy(garbage, 0, damaged, at, Math.min(DAMAGE_BYTES, damaged.length - at));
            MemoryVfs copy = new MemoryVfs("damaged");
            write(copy, DB, closed.db());
            write(copy, WAL, damaged);
            Map<Long, String> seen;
            try (Database db = Database.open(copy, DB, options())) {
                seen = table(db);
            } catch (CorruptDatabaseException refused) {
                continue; // a clean error: the damage was seen
            }
            if (!seen.equals(last)) {
                int commits = closed.states().indexOf(seen);
                losses.add("garbage at byte " + at + ": " + (commits < 0 ? "wrong data" : "only " + commits + " of "
                        + UPDATES + " commits"));
            }
        }
        return losses;
    }

    private static Map<Long, String> table(Database db) throws IOException {
        try (ReadTransaction r = db.beginRead()) {
            return rows(r, "t");
        }
    }

    private static byte[] read(Vfs vfs, String path) throws IOException {
        try (VfsFile file = vfs.open(path, OpenOption.READ_ONLY)) {
            byte[] bytes = new byte[Math.toIntExact(file.size())];
            file.readFully(0, ByteBuffer.wrap(bytes));
            return bytes;
        }
    }

    private static void write(Vfs vfs, String path, byte[] bytes) throws IOException {
        try (VfsFile file = vfs.open(path, OpenOption.CREATE)) {
            file.writeFully(0, ByteBuffer.wrap(bytes));
        }
    }
}
