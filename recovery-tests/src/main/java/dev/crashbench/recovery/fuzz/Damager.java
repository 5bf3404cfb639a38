package dev.crashbench.recovery.fuzz;

import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.engine.wal.WalFrame;
import dev.crashbench.engine.wal.WalHeader;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Applies one {@link DamageKind} to a copy of a {@link FuzzBase}'s files, at a place drawn from
 * {@code random}. WAL damage lands in the WAL's used part (header, the tail's frames, the close
 * frame and its witness), where the probe of issue 14 put it; a frame slot is where a frame of the
 * tail (or the close frame) starts, a full frame's size of bytes from there, whatever the frame's
 * own length (a delta frame is 512 bytes, so the slot covers the frames after it too).
 */
final class Damager {
    /** The WAL header's fields, as offset and size (see {@link WalHeader}). */
    private static final int[][] WAL_HEADER_FIELDS = {
            {WalHeader.OFFSET_MAGIC, 8}, {WalHeader.OFFSET_VERSION, 4}, {WalHeader.OFFSET_PAGE_SIZE, 4},
            {WalHeader.OFFSET_SALT, 8}, {WalHeader.OFFSET_CHECKPOINT_SEQUENCE, 8}, {WalHeader.OFFSET_PAGE_DIGEST, 8},
            {WalHeader.OFFSET_CHECKSUM, 4}};
    /** The database header's int fields that describe the file (see {@link DbHeader}). */
    private static final int[] DB_HEADER_INT_FIELDS = {DbHeader.OFFSET_VERSION, DbHeader.OFFSET_PAGE_SIZE,
            DbHeader.OFFSET_PAGE_COUNT, DbHeader.OFFSET_FREE_LIST_HEAD, DbHeader.OFFSET_FREE_PAGE_COUNT,
            DbHeader.OFFSET_CATALOG_ROOT};
    private static final int[] DB_HEADER_LONG_FIELDS = {DbHeader.OFFSET_CHECKPOINT_SEQUENCE, DbHeader.OFFSET_HOME_DIGEST};

    /** One damaged copy: what was done, and the files. */
    record Copy(DamageKind kind, String what, byte[] db, byte[] wal) {
    }

    private Damager() {
    }

    static Copy damage(DamageKind kind, FuzzBase base, SplittableRandom random) {
        byte[] db = base.db();
        byte[] wal = base.wal();
        String what = switch (kind) {
            case FLIPPED_BIT -> {
                boolean inWal = random.nextBoolean();
                byte[] file = inWal ? wal : db;
                int offset = random.nextInt(inWal ? base.walUsed() : db.length);
                int bit = random.nextInt(8);
                file[offset] ^= (byte) (1 << bit);
                yield "bit " + bit + " of byte " + offset + " of the " + (inWal ? "WAL" : "database file");
            }
            case ZEROED_SECTOR -> {
                boolean inWal = random.nextBoolean();
                byte[] file = inWal ? wal : db;
                int sector = random.nextInt((inWal ? base.walUsed() : db.length) / 512);
                Arrays.fill(file, sector * 512, sector * 512 + 512, (byte) 0);
                yield "sector " + sector + " of the " + (inWal ? "WAL" : "database file") + " zeroed";
            }
            case GARBAGE_FRAME -> {
                int frame = random.nextInt(base.walFrames() + 1);
                int at = base.frameOffset(frame);
                byte[] garbage = new byte[WalFrame.SIZE];
                random.nextBytes(garbage);
                System.arraycopy(garbage, 0, wal, at, Math.min(WalFrame.SIZE, wal.length - at));
                yield "frame slot " + frame + " overwritten with random bytes";
            }
            case DUPLICATED_FRAME -> {
                int from = random.nextInt(base.walFrames());
                int to = random.nextInt(base.walFrames() + 1);
                if (to == from) {
                    to = (to + 1) % (base.walFrames() + 1);
                }
                int at = base.frameOffset(to);
                int source = base.frameOffset(from);
                int length = Math.min(WalFrame.SIZE, wal.length - Math.max(at, source));
                System.arraycopy(base.wal(), source, wal, at, length);
                yield "frame " + from + " copied over frame slot " + to;
            }
            case WAL_HEADER_FIELD -> {
                int[] field = WAL_HEADER_FIELDS[random.nextInt(WAL_HEADER_FIELDS.length)];
                int offset = field[0] + random.nextInt(field[1]);
                int bit = random.nextInt(8);
                wal[offset] ^= (byte) (1 << bit);
                yield "bit " + bit + " of WAL header byte " + offset;
            }
            case DB_HEADER_FIELD -> {
                // On the files with every commit home: the WAL's newest page 0 would hide the home copy.
                db = base.homeDb();
                wal = base.homeWal();
                yield resealedHeaderField(db, random);
            }
            case DB_TRUNCATION -> {
                if (random.nextBoolean()) {
                    db = base.homeDb();
                    wal = base.homeWal();
                }
                int size = random.nextInt(db.length);
                db = Arrays.copyOf(db, size);
                yield "database file truncated to " + size + " bytes";
            }
            case WAL_TRUNCATION -> {
                int size = random.nextInt(base.walUsed());
                wal = Arrays.copyOf(wal, size);
                yield "WAL truncated to " + size + " bytes";
            }
        };
        return new Copy(kind, what, db, wal);
    }

    /** Sets one field of page 0 to another value (a nasty one half of the time) and reseals the page. */
    private static String resealedHeaderField(byte[] db, SplittableRandom random) {
        int fields = DB_HEADER_INT_FIELDS.length + DB_HEADER_LONG_FIELDS.length;
        int pick = random.nextInt(fields);
        String what;
        if (pick < DB_HEADER_INT_FIELDS.length) {
            int offset = DB_HEADER_INT_FIELDS[pick];
            int old = PageBytes.getInt(db, offset);
            int[] nasty = {Integer.MAX_VALUE, 821_339_126, old + 1, old - 1, -1, 0, old * 2};
            int value = random.nextBoolean() ? nasty[random.nextInt(nasty.length)] : random.nextInt();
            if (value == old) {
                value = old + 1;
            }
            PageBytes.putInt(db, offset, value);
            what = "database header int at " + offset + " set from " + old + " to " + value;
        } else {
            int offset = DB_HEADER_LONG_FIELDS[pick - DB_HEADER_INT_FIELDS.length];
            long old = PageBytes.getLong(db, offset);
            long value = random.nextBoolean() ? old + (random.nextBoolean() ? 1 : -1) : random.nextLong();
            PageBytes.putLong(db, offset, value);
            what = "database header long at " + offset + " set from " + old + " to " + value;
        }
        byte[] page0 = Arrays.copyOf(db, Page.SIZE);
        new PageChecksum().seal(0, page0);
        System.arraycopy(page0, 0, db, 0, Page.SIZE);
        return what + ", resealed";
    }
}
