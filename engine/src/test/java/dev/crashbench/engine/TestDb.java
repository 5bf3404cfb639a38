package dev.crashbench.engine;

import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageDigest;
import dev.crashbench.engine.wal.WalHeader;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.vfs.local.LocalVfs;
import dev.crashbench.vfs.local.TestDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * A database directory on the real file system for one test, and the by-hand file surgery the
 * corruption tests do (outside the VFS, as a disk or another program would).
 */
public final class TestDb {
    public static final String NAME = "db";

    public final Path dir;
    public final LocalVfs vfs;

    private TestDb(Path dir, LocalVfs vfs) {
        this.dir = dir;
        this.vfs = vfs;
    }

    public static TestDb fresh(String label) throws IOException {
        Path dir = TestDirs.fresh(label);
        return new TestDb(dir, LocalVfs.at(dir));
    }

    public Database open() throws IOException {
        return Database.open(vfs, NAME);
    }

    public Database open(EngineOptions options) throws IOException {
        return Database.open(vfs, NAME, options);
    }

    public Path dbFile() {
        return dir.resolve(NAME);
    }

    public Path walFile() {
        return dir.resolve(NAME + "-wal");
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** {@code length} bytes that depend on {@code seed}: large values that span overflow pages. */
    public static byte[] big(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 131 + i * 7 + (i >>> 9));
        }
        return b;
    }

    /** Puts {@code key -> value} into {@code table} (created when missing) in a transaction of its own. */
    public static void put(Database db, String table, long key, byte[] value) throws IOException {
        try (WriteTransaction w = db.beginWrite()) {
            Table t = w.hasTable(table) ? w.table(table) : w.createTable(table);
            t.put(key, value);
            w.commit();
        }
    }

    public static byte[] get(Database db, String table, long key) throws IOException {
        try (ReadTransaction r = db.beginRead()) {
            return r.table(table).get(key);
        }
    }

    /** Every row of a table, as a transaction sees it. */
    public static Map<Long, String> rows(Transaction transaction, String table) throws IOException {
        Map<Long, String> rows = new TreeMap<>();
        Cursor cursor = transaction.table(table).scan();
        while (cursor.next()) {
            rows.put(cursor.key(), string(cursor.value()));
        }
        return rows;
    }

    public byte[] readPage(int pageId) throws IOException {
        try (FileChannel channel = FileChannel.open(dbFile(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(Page.SIZE);
            channel.read(buffer, (long) pageId * Page.SIZE);
            return buffer.array();
        }
    }

    /** Writes {@code image} as page {@code pageId} of the database file, with a valid checksum. */
    public void writeSealedPage(int pageId, byte[] image) throws IOException {
        new PageChecksum().seal(pageId, image);
        writeRaw(dbFile(), (long) pageId * Page.SIZE, image);
    }

    /**
     * Records in the WAL header the page digest of the database file as it is now, as if the engine
     * itself had written the pages changed by hand: what a bug in the engine leaves, as opposed to
     * a lost write, which the digest exposes. Only for a checkpointed database (its WAL replays no
     * frame, so the header's digest is the committed state's).
     */
    public void adoptHandWrittenPages() throws IOException {
        byte[] headerBytes = new byte[WalHeader.ENCODED_SIZE];
        try (FileChannel channel = FileChannel.open(walFile(), StandardOpenOption.READ)) {
            channel.read(ByteBuffer.wrap(headerBytes), 0);
        }
        WalHeader header = WalHeader.decode(headerBytes, walFile().toString());
        int pageCount = PageBytes.getInt(readPage(0), DbHeader.OFFSET_PAGE_COUNT);
        long digest = PageDigest.EMPTY;
        PageChecksum checksum = new PageChecksum();
        for (int page = 0; page < pageCount; page++) {
            digest = PageDigest.add(digest, page, PageDigest.checksumOf(page, readPage(page), checksum));
        }
        ByteBuffer encoded = ByteBuffer.allocate(WalHeader.ENCODED_SIZE);
        new WalHeader(header.salt(), header.checkpointSequence(), digest).encode(encoded);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        writeRaw(walFile(), 0, bytes);
    }

    /**
     * Puts back {@code walBeforeClose}, the WAL's bytes read before a clean close: the files as a
     * process killed after its last commit leaves them, without the close frame a clean close appends.
     */
    public static void crashInsteadOfClose(Path wal, byte[] walBeforeClose) throws IOException {
        java.nio.file.Files.write(wal, walBeforeClose);
    }

    public static void writeRaw(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    public static void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        writeRaw(file, offset, new byte[] {(byte) (all[(int) offset] ^ 0x40)});
    }

    /** The page of the database file that holds {@code marker}; fails when none or several do. */
    public int pageHolding(byte[] marker) throws IOException {
        byte[] all = Files.readAllBytes(dbFile());
        int found = -1;
        for (int at = 0; at + marker.length <= all.length; at++) {
            if (java.util.Arrays.equals(all, at, at + marker.length, marker, 0, marker.length)) {
                if (found >= 0 && found != at / Page.SIZE) {
                    throw new AssertionError("marker in pages " + found + " and " + at / Page.SIZE);
                }
                found = at / Page.SIZE;
            }
        }
        if (found < 0) {
            throw new AssertionError("marker not in the database file");
        }
        return found;
    }
}
