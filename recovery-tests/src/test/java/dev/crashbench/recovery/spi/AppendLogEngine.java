package dev.crashbench.recovery.spi;

import dev.crashbench.spi.Capability;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.spi.OptionText;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * An engine that is not the reference engine, so the explorer and the oracle are shown to need
 * nothing but the SPI: one append-only log file of whole commits, each record checksummed, synced
 * before the commit returns, and replayed up to the first record that does not verify. No
 * checkpoint, no integrity check, no background work.
 *
 * <p>Record layout (little-endian): 4 bytes payload length, 4 bytes CRC-32C of the payload, then
 * the payload: 1 byte kind (0 creates the key space, 1 is a commit), 4 bytes entry count, and per
 * entry 8 bytes key, 4 bytes value length (-1 deletes), the value. The checksum is what tells a
 * torn or lost tail from a record: replay stops at the first record that does not verify. Each
 * record starts on a sector boundary: a record that shared a sector with the one before would
 * rewrite that sector, and a torn write of it could destroy an acknowledged commit (the explorer
 * found exactly this when records were packed).
 *
 * <p>Option {@code skip_sync=true} is a deliberate durability bug: commits are acknowledged
 * without the sync, while the promise stays "every commit". The explorer must catch it.
 */
final class AppendLogEngine implements EngineUnderTest {
    private static final int HEADER_BYTES = 8;

    @Override
    public String id() {
        return "append-log";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Map<String, String> defaults() {
        return Map.of("skip_sync", "false");
    }

    @Override
    public EngineConfiguration configure(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!defaults().containsKey(key)) {
                throw OptionText.unknownKey(id(), key, defaults().keySet());
            }
        }
        return new Configuration(this, Boolean.parseBoolean(options.getOrDefault("skip_sync", "false")));
    }

    /** A call refused because an earlier write or sync failed: nothing of it reached the disk. */
    static final class FailStopException extends IOException {
        FailStopException(IOException first) {
            super("failed stop after: " + first, first);
        }
    }

    private record Configuration(AppendLogEngine engine, boolean skipSync) implements EngineConfiguration {
        @Override
        public Map<String, String> options() {
            return Map.of("skip_sync", Boolean.toString(skipSync));
        }

        @Override
        public DurabilityPromise durability() {
            return DurabilityPromise.EVERY_COMMIT;
        }

        @Override
        public Set<Capability> capabilities() {
            return Collections.unmodifiableSet(EnumSet.noneOf(Capability.class));
        }

        @Override
        public EngineSession open(Vfs vfs, String path) throws IOException {
            VfsFile file = vfs.open(path, OpenOption.CREATE);
            try {
                // A cut must not lose the log's directory entry once a commit in it is acknowledged; an
                // earlier opening may have created the file and failed before its directory sync, so
                // every opening syncs it.
                vfs.syncDirectory("");
                return new Session(file, vfs.diskModel().sectorSize(), skipSync);
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }

        @Override
        public FailureKind classify(Throwable failure) {
            if (failure instanceof FailStopException) {
                return FailureKind.REFUSED;
            }
            return failure instanceof IOException ? FailureKind.INDETERMINATE : FailureKind.BUG;
        }
    }

    private static final class Session implements EngineSession {
        private final VfsFile file;
        private final int sectorBytes;
        private final boolean skipSync;
        private TreeMap<Long, byte[]> committed;
        private long end;
        private TreeMap<Long, byte[]> working;
        private Map<Long, byte[]> changes;
        private byte kind;
        private IOException failure;

        Session(VfsFile file, int sectorBytes, boolean skipSync) throws IOException {
            this.file = file;
            this.sectorBytes = sectorBytes;
            this.skipSync = skipSync;
            replay();
        }

        /** Replays every record that verifies, in order; the first that does not ends the log. */
        private void replay() throws IOException {
            long size = file.size();
            ByteBuffer all = ByteBuffer.allocate((int) size);
            while (all.hasRemaining() && file.read(all.position(), all) > 0) {
                // read until the end of the file
            }
            all.flip().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long at = 0;
            while (all.remaining() >= HEADER_BYTES) {
                int length = all.getInt();
                int crc = all.getInt();
                if (length < 5 || length > all.remaining()) {
                    break;
                }
                byte[] payload = new byte[length];
                all.get(payload);
                if (crc(payload) != crc) {
                    break;
                }
                apply(ByteBuffer.wrap(payload).order(java.nio.ByteOrder.LITTLE_ENDIAN));
                at = aligned(at + HEADER_BYTES + length);
                if (at > size) {
                    break;
                }
                all.position((int) at);
            }
            end = at;
        }

        private void apply(ByteBuffer payload) {
            if (payload.get() == 0) {
                committed = new TreeMap<>();
            }
            int count = payload.getInt();
            for (int i = 0; i < count; i++) {
                long key = payload.getLong();
                int length = payload.getInt();
                if (length < 0) {
                    committed.remove(key);
                } else {
                    byte[] value = new byte[length];
                    payload.get(value);
                    committed.put(key, value);
                }
            }
        }

        /** The first sector boundary at or after {@code offset}: where the next record starts. */
        private long aligned(long offset) {
            return (offset + sectorBytes - 1) / sectorBytes * sectorBytes;
        }

        private static int crc(byte[] payload) {
            CRC32C crc = new CRC32C();
            crc.update(payload);
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
            kind = 0;
            working = new TreeMap<>();
            changes = new LinkedHashMap<>();
        }

        @Override
        public void begin() throws IOException {
            healthy();
            kind = 1;
            working = new TreeMap<>(committed);
            changes = new LinkedHashMap<>();
        }

        @Override
        public void put(long key, byte[] value) {
            working.put(key, value);
            changes.put(key, value);
        }

        @Override
        public boolean delete(long key) {
            changes.put(key, null);
            return working.remove(key) != null;
        }

        @Override
        public byte[] get(long key) {
            return working.get(key);
        }

        @Override
        public void commit() throws IOException {
            healthy();
            ByteBuffer payload = encode();
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + bytes.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            record.putInt(bytes.length).putInt(crc(bytes)).put(bytes).flip();
            try {
                file.writeFully(end, record);
                if (!skipSync) {
                    file.sync(SyncMode.DATA); // a cut must not lose an acknowledged commit
                }
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            end = aligned(end + record.capacity());
            committed = working;
            working = null;
        }

        private ByteBuffer encode() {
            int size = 5;
            for (byte[] value : changes.values()) {
                size += 12 + (value == null ? 0 : value.length);
            }
            ByteBuffer payload = ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            payload.put(kind).putInt(changes.size());
            changes.forEach((key, value) -> {
                payload.putLong(key).putInt(value == null ? -1 : value.length);
                if (value != null) {
                    payload.put(value);
                }
            });
            return payload.flip();
        }

        @Override
        public void rollback() {
            working = null;
        }

        @Override
        public ReadView beginRead() {
            SortedMap<Long, byte[]> snapshot = committed == null ? null : new TreeMap<>(committed);
            return ReadView.of(snapshot);
        }

        @Override
        public boolean failed() {
            return failure != null;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
