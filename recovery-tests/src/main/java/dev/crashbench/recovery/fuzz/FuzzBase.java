package dev.crashbench.recovery.fuzz;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Table;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.engine.pager.Pager;
import dev.crashbench.engine.wal.Wal;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.TableState;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.memory.MemoryVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The database every copy of the corruption fuzz starts from, as issue 14's probe had it: a
 * checkpointed part (rows copied home, the WAL reset), then a tail of {@link #TAIL_COMMITS}
 * acknowledged commits in the WAL, then a clean close. It keeps the files' bytes and the table's
 * state after each commit of the tail (state 0: the checkpointed part), and the files as the next
 * open leaves them, every commit home and the WAL reset ({@link #homeDb}): where damage to the
 * database file's header and length is what the engine reads. Built in memory from a seed, with
 * the engine options every copy is opened with too (the defaults, or any others: with
 * {@code delta_frames} a commit's frames are 512 bytes, and one damaged frame slot covers several).
 */
public final class FuzzBase {
    public static final int TAIL_COMMITS = 30;
    static final int CHECKPOINTED_ROWS = 200;
    /** The WAL's preallocation: room for the tail, small enough to copy thousands of times. */
    static final int WAL_PREALLOCATED_FRAMES = 128;

    private final EngineOptions options;
    private final byte[] db;
    private final byte[] wal;
    private final byte[] homeDb;
    private final byte[] homeWal;
    /** Frames of the tail; the close frame follows them. */
    private final int walFrames;
    /** Where each frame of the tail starts, then where the close frame does: {@link #walFrames} + 1 offsets. */
    private final long[] frameOffsets;
    private final List<TableState> states;

    private FuzzBase(EngineOptions options, byte[] db, byte[] wal, byte[] homeDb, byte[] homeWal, int walFrames,
                     List<TableState> states) {
        this.options = options;
        this.db = db;
        this.wal = wal;
        this.homeDb = homeDb;
        this.homeWal = homeWal;
        this.walFrames = walFrames;
        this.frameOffsets = frameOffsets(wal, walFrames);
        this.states = states;
    }

    /** The options the base is written with and every copy is opened with. */
    public EngineOptions options() {
        return options;
    }

    /** Builds the base with the default engine options: rows and values drawn from {@code seed}. */
    public static FuzzBase build(long seed) throws IOException {
        return build(seed, EngineOptions.defaults());
    }

    /**
     * Builds the base with {@code engineOptions} (a smaller WAL preallocation is set on top, to keep
     * copies cheap): rows and values drawn from {@code seed}.
     */
    public static FuzzBase build(long seed, EngineOptions engineOptions) throws IOException {
        EngineOptions options = engineOptions.withWalPreallocatedFrames(WAL_PREALLOCATED_FRAMES);
        SplittableRandom random = new SplittableRandom(seed);
        MemoryVfs vfs = new MemoryVfs("corruption-fuzz");
        List<TableState> states = new ArrayList<>();
        int frames;
        try (Database database = Database.open(vfs, Oracle.DB_PATH, options)) {
            try (WriteTransaction write = database.beginWrite()) {
                Table table = write.createTable(Oracle.TABLE);
                for (long key = 0; key < CHECKPOINTED_ROWS; key++) {
                    table.put(key, value(random, 20 + random.nextInt(200)));
                }
                write.commit();
            }
            if (!database.checkpoint().walReset()) {
                throw new IllegalStateException("the checkpoint of the base did not reset the WAL");
            }
            states.add(Oracle.contents(database));
            for (int commit = 1; commit <= TAIL_COMMITS; commit++) {
                try (WriteTransaction write = database.beginWrite()) {
                    Table table = write.table(Oracle.TABLE);
                    int changes = 1 + random.nextInt(4);
                    for (int i = 0; i < changes; i++) {
                        long key = random.nextInt(CHECKPOINTED_ROWS + 40);
                        if (random.nextInt(5) == 0) {
                            table.delete(key);
                        } else {
                            // now and then a value long enough for an overflow chain
                            table.put(key, value(random, random.nextInt(8) == 0 ? 5_000 : 10 + random.nextInt(300)));
                        }
                    }
                    write.commit();
                }
                states.add(Oracle.contents(database));
            }
            frames = database.walFrames();
        }
        byte[] db = read(vfs, Oracle.DB_PATH);
        byte[] wal = read(vfs, Pager.walPath(Oracle.DB_PATH));
        try (Database database = Database.open(vfs, Oracle.DB_PATH, options)) {
            if (database.walFrames() != 0 || !Oracle.contents(database).sameAs(states.get(TAIL_COMMITS))) {
                throw new IllegalStateException("the open after the tail did not bring every commit home");
            }
        }
        return new FuzzBase(options, db, wal, read(vfs, Oracle.DB_PATH), read(vfs, Pager.walPath(Oracle.DB_PATH)),
                frames, Collections.unmodifiableList(states));
    }

    /**
     * The same base with the close frame's witness erased ({@link Wal#writeCloseFrame}), as the WAL
     * format before it left a clean close: what the fuzz must catch losing commits with delta frames.
     * Only for a base whose close wrote one.
     */
    public FuzzBase withoutCloseWitness() {
        long witness = Wal.witnessOffset(frameOffsets[walFrames]);
        if (WalFrame.kind(wal, Math.toIntExact(witness)) != WalFrame.KIND_CLOSE) {
            throw new IllegalStateException("no close frame witness at byte " + witness + " of the base's WAL");
        }
        byte[] erased = wal.clone();
        Arrays.fill(erased, Math.toIntExact(witness), Math.toIntExact(witness) + WalFrame.HEADER_SIZE, (byte) 0);
        return new FuzzBase(options, db, erased, homeDb, homeWal, walFrames, states);
    }

    /** The start of each of the first {@code frames} frames of {@code wal}, then of what follows them. */
    private static long[] frameOffsets(byte[] wal, int frames) {
        long[] offsets = new long[frames + 1];
        long at = WalHeader.REGION_SIZE;
        for (int i = 0; i < frames; i++) {
            offsets[i] = at;
            at += WalFrame.length(wal, Math.toIntExact(at));
        }
        offsets[frames] = at;
        return offsets;
    }

    private static byte[] value(SplittableRandom random, int length) {
        byte[] value = new byte[length];
        random.nextBytes(value);
        return value;
    }

    private static byte[] read(Vfs vfs, String path) throws IOException {
        try (VfsFile file = vfs.open(path, OpenOption.READ_ONLY)) {
            byte[] bytes = new byte[Math.toIntExact(file.size())];
            file.readFully(0, ByteBuffer.wrap(bytes));
            return bytes;
        }
    }

    /** A fresh in-memory disk holding {@code db} and {@code wal} (null: no such file) as the database's files. */
    static MemoryVfs disk(byte[] db, byte[] wal) throws IOException {
        MemoryVfs vfs = new MemoryVfs("damaged-copy");
        write(vfs, Oracle.DB_PATH, db);
        if (wal != null) {
            write(vfs, Pager.walPath(Oracle.DB_PATH), wal);
        }
        return vfs;
    }

    private static void write(Vfs vfs, String path, byte[] bytes) throws IOException {
        try (VfsFile file = vfs.open(path, OpenOption.CREATE)) {
            file.writeFully(0, ByteBuffer.wrap(bytes));
        }
    }

    /** A copy of the database file's bytes. */
    byte[] db() {
        return db.clone();
    }

    /** A copy of the WAL's bytes. */
    byte[] wal() {
        return wal.clone();
    }

    /** A copy of the database file's bytes once every commit is home. */
    byte[] homeDb() {
        return homeDb.clone();
    }

    /** A copy of the WAL's bytes once every commit is home: a header over no live frame. */
    byte[] homeWal() {
        return homeWal.clone();
    }

    /** Frames the tail's commits wrote. */
    int walFrames() {
        return walFrames;
    }

    /**
     * Where frame {@code i} of the tail starts ({@link WalFrame#offset}{@code (i)} when every frame
     * is full); for {@code i} = {@link #walFrames}, where the close frame does.
     */
    int frameOffset(int i) {
        return Math.toIntExact(frameOffsets[i]);
    }

    /**
     * Bytes of the WAL in use: its header region, the tail's frames, the close frame and its witness;
     * a clean close cuts the file there ({@link Wal#shrinkForClose}).
     */
    int walUsed() {
        return wal.length;
    }

    /** The table after commit {@code k} of the tail; 0 is the checkpointed part. */
    public TableState state(int k) {
        return states.get(k);
    }
}
