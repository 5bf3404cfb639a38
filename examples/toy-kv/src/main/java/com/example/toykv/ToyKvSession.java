package com.example.toykv;

import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A session of {@link ToyKvEngine}. The database is one file holding the whole map; a commit
 * writes the new map to {@code PATH.tmp}, syncs it, renames it over {@code PATH} and syncs the
 * directory. The key space is absent until the first commit's file exists.
 *
 * <p>File layout (big-endian):
 * <pre>
 * offset  size  meaning
 * 0       4     CRC-32C of every byte after it: a damaged file is refused, never read as data
 * 4       4     entry count
 * 8       ...   entries: 8 key, 4 value length, the value
 * </pre>
 */
final class ToyKvSession implements EngineSession {
    /** A database file whose checksum does not match: damage detected, not data. */
    static final class CorruptFileException extends IOException {
        CorruptFileException(String message) {
            super(message);
        }
    }

    /** A call refused because an earlier write, sync or rename failed. */
    static final class FailStopException extends IOException {
        FailStopException(IOException first) {
            super("refused after an earlier failure: " + first, first);
        }
    }

    private final Vfs vfs;
    private final String path;
    private final String directory;
    private final boolean forgetDirectorySync;
    private TreeMap<Long, byte[]> committed;
    private TreeMap<Long, byte[]> working;
    private IOException failure;

    ToyKvSession(Vfs vfs, String path, boolean forgetDirectorySync) throws IOException {
        this.vfs = vfs;
        this.path = path;
        this.directory = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        this.forgetDirectorySync = forgetDirectorySync;
        this.committed = vfs.exists(path) ? load() : null;
    }

    private TreeMap<Long, byte[]> load() throws IOException {
        ByteBuffer bytes;
        try (VfsFile file = vfs.open(path, OpenOption.READ_ONLY)) {
            bytes = ByteBuffer.allocate(Math.toIntExact(file.size()));
            while (bytes.hasRemaining() && file.read(bytes.position(), bytes) > 0) {
                // read to the end of the file
            }
        }
        bytes.flip();
        if (bytes.remaining() < 8 || bytes.getInt() != crc(bytes.slice())) {
            throw new CorruptFileException(path + ": checksum mismatch");
        }
        TreeMap<Long, byte[]> map = new TreeMap<>();
        for (int count = bytes.getInt(); count > 0; count--) {
            long key = bytes.getLong();
            byte[] value = new byte[bytes.getInt()];
            bytes.get(value);
            map.put(key, value);
        }
        return map;
    }

    private static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private void healthy() throws IOException {
        if (failure != null) {
            throw new FailStopException(failure);
        }
    }

    @Override
    public void create() throws IOException {
        healthy();
        working = new TreeMap<>();
    }

    @Override
    public void begin() throws IOException {
        healthy();
        working = new TreeMap<>(committed);
    }

    @Override
    public void put(long key, byte[] value) {
        working.put(key, value.clone());
    }

    @Override
    public boolean delete(long key) {
        return working.remove(key) != null;
    }

    @Override
    public byte[] get(long key) {
        return working.get(key);
    }

    @Override
    public void commit() throws IOException {
        healthy();
        int size = 8;
        for (byte[] value : working.values()) {
            size += 12 + value.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size).putInt(0).putInt(working.size());
        working.forEach((key, value) -> bytes.putLong(key).putInt(value.length).put(value));
        bytes.putInt(0, crc(bytes.flip().position(4).slice())).position(0);
        String next = path + ".tmp";
        try {
            try (VfsFile file = vfs.open(next, OpenOption.CREATE)) {
                file.truncate(0);
                file.writeFully(0, bytes);
                file.sync(SyncMode.DATA); // a cut after the rename must not leave a file whose data never reached the disk
            }
            vfs.rename(next, path);
            if (!forgetDirectorySync) {
                vfs.syncDirectory(directory); // a cut must not bring back the previous file once the commit is acknowledged
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        committed = working;
        working = null;
    }

    @Override
    public void rollback() {
        working = null;
    }

    @Override
    public ReadView beginRead() {
        SortedMap<Long, byte[]> snapshot = committed == null ? null : Collections.unmodifiableSortedMap(committed);
        return ReadView.of(snapshot);
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public void close() {
        // no file stays open between calls
    }
}
