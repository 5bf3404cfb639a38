package dev.crashbench.engine;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.ForwardingMappedRegion;
import dev.crashbench.vfs.ForwardingVfs;
import dev.crashbench.vfs.ForwardingVfsFile;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A {@link Vfs} wrapper for tests that records, in order, every call that changes what is on disk
 * or makes it durable, as one line each:
 * <ul>
 *   <li>{@code create PATH} (an open that created the file), {@code delete PATH}, {@code rename FROM TO};</li>
 *   <li>{@code write PATH@OFFSET} (one line per positional write call);</li>
 *   <li>{@code sync PATH} (a file sync, either mode), {@code syncdir DIR} (the root directory is {@code ""});</li>
 *   <li>{@code open-dsync PATH} (an open with {@link OpenOption#DSYNC});</li>
 *   <li>{@code map PATH@OFFSET+LENGTH}, and through the region {@code store PATH@OFFSET+LENGTH} and
 *       {@code msync PATH@OFFSET+LENGTH} (file offsets, the range as asked, before page rounding).</li>
 * </ul>
 * The length of every positional write is kept too ({@link #writeLengths}).
 * It can also make the next syncs or positional writes of one file fail with {@link Errno#EIO}
 * before they reach the disk ({@link #failNextSyncs}, {@link #failNextWrites}, recorded as
 * {@code sync-failed PATH} and {@code write-failed PATH@OFFSET}), and hold the next sync of one
 * file until a condition the test gives holds ({@link #holdNextSync}): a slow flush, without
 * sleeping. Reads are not recorded.
 */
public final class RecordingVfs extends ForwardingVfs {
    private final List<String> events = new ArrayList<>();
    private final Map<String, Integer> syncFailures = new HashMap<>();
    private final Map<String, List<Integer>> writeLengths = new HashMap<>();
    private final Map<String, Integer> writeFailures = new HashMap<>();
    private final Map<String, BooleanSupplier> heldSyncs = new HashMap<>();

    public RecordingVfs(Vfs delegate) {
        super(delegate);
    }

    /** Every event so far, oldest first. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Forgets the events and the bytes written so far. */
    public synchronized void clear() {
        events.clear();
        writeLengths.clear();
    }

    /** The byte count of every positional write to {@code path} since the last {@link #clear}, oldest first. */
    public synchronized List<Integer> writeLengths(String path) {
        return List.copyOf(writeLengths.getOrDefault(path, List.of()));
    }

    /** How many recorded events equal {@code event}. */
    public synchronized long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    /** How many recorded events start with {@code prefix}. */
    public synchronized long countStarting(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }

    /** Index of the first event equal to {@code event}, or -1. */
    public synchronized int first(String event) {
        return events.indexOf(event);
    }

    /** Index of the last event equal to {@code event}, or -1. */
    public synchronized int last(String event) {
        return events.lastIndexOf(event);
    }

    /** Index of the first event starting with {@code prefix}, or -1. */
    public synchronized int firstStarting(String prefix) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The next {@code count} syncs of {@code path} throw EIO without syncing (they are recorded as {@code sync-failed PATH}). */
    public synchronized void failNextSyncs(String path, int count) {
        syncFailures.put(path, count);
    }

    /** The next {@code count} positional writes of {@code path} throw EIO without writing anything. */
    public synchronized void failNextWrites(String path, int count) {
        writeFailures.put(path, count);
    }

    /**
     * The next sync (or range sync) of {@code path} waits, before it syncs, until {@code until} holds
     * (asked about once a millisecond, on the syncing thread), or a minute passed (a guard against a
     * hung test, not a timing the test depends on).
     */
    public synchronized void holdNextSync(String path, BooleanSupplier until) {
        heldSyncs.put(path, until);
    }

    private static final long HOLD_CAP_NANOS = 60_000_000_000L;

    private void awaitHeldCondition(String path) {
        BooleanSupplier until;
        synchronized (this) {
            until = heldSyncs.remove(path);
        }
        if (until == null) {
            return;
        }
        long deadline = System.nanoTime() + HOLD_CAP_NANOS;
        boolean interrupted = false;
        while (!until.getAsBoolean() && deadline - System.nanoTime() > 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    private synchronized void recordStore(String path, long offset, int length) {
        events.add("store " + path + "@" + offset + "+" + length);
    }

    private synchronized void recordWrite(String path, long offset, int length) {
        events.add("write " + path + "@" + offset);
        writeLengths.computeIfAbsent(path, k -> new ArrayList<>()).add(length);
    }

    private synchronized boolean takeWriteFailure(String path) {
        Integer left = writeFailures.get(path);
        if (left == null || left == 0) {
            return false;
        }
        writeFailures.put(path, left - 1);
        return true;
    }

    private synchronized boolean takeSyncFailure(String path) {
        Integer left = syncFailures.get(path);
        if (left == null || left == 0) {
            return false;
        }
        syncFailures.put(path, left - 1);
        return true;
    }

    @Override
    public VfsFile open(String path, OpenOption... options) throws IOException {
        boolean creating = Arrays.asList(options).contains(OpenOption.CREATE)
                || Arrays.asList(options).contains(OpenOption.CREATE_NEW);
        boolean existed = inner.exists(path);
        VfsFile file = inner.open(path, options);
        if (creating && !existed) {
            record("create " + path);
        }
        if (Arrays.asList(options).contains(OpenOption.DSYNC)) {
            record("open-dsync " + path);
        }
        return new RecordingFile(file);
    }

    @Override
    public void delete(String path) throws IOException {
        inner.delete(path);
        record("delete " + path);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        inner.rename(from, to);
        record("rename " + from + " " + to);
    }

    @Override
    public void createDirectory(String path) throws IOException {
        inner.createDirectory(path);
        record("mkdir " + path);
    }

    @Override
    public void syncDirectory(String path) throws IOException {
        inner.syncDirectory(path);
        record("syncdir " + path);
    }

    @Override
    public String describe() {
        return "recording " + inner.describe();
    }

    private final class RecordingFile extends ForwardingVfsFile {
        RecordingFile(VfsFile file) {
            super(file);
        }

        @Override
        public int write(long offset, ByteBuffer src) throws IOException {
            if (takeWriteFailure(inner.path())) {
                record("write-failed " + inner.path() + "@" + offset);
                throw new ErrnoException(Errno.EIO, "pwrite", inner.path(), "injected by RecordingVfs");
            }
            int n = inner.write(offset, src);
            recordWrite(inner.path(), offset, n);
            return n;
        }

        @Override
        public void sync(SyncMode mode) throws IOException {
            awaitHeldCondition(inner.path());
            if (takeSyncFailure(inner.path())) {
                record("sync-failed " + inner.path());
                throw new ErrnoException(Errno.EIO, "fsync", inner.path(), "injected by RecordingVfs");
            }
            inner.sync(mode);
            record("sync " + inner.path());
        }

        @Override
        public void truncate(long size) throws IOException {
            inner.truncate(size);
            record("truncate " + inner.path() + "@" + size);
        }

        @Override
        public void allocate(long size) throws IOException {
            inner.allocate(size);
            record("allocate " + inner.path() + "@" + size);
        }

        @Override
        public MappedRegion map(long offset, int length) throws IOException {
            MappedRegion region = inner.map(offset, length);
            record("map " + inner.path() + "@" + offset + "+" + length);
            return new RecordingRegion(inner.path(), region);
        }
    }

    private final class RecordingRegion extends ForwardingMappedRegion {
        private final String path;

        RecordingRegion(String path, MappedRegion region) {
            super(region);
            this.path = path;
        }

        @Override
        public void write(int position, ByteBuffer src) throws IOException {
            int n = src.remaining();
            inner.write(position, src);
            recordStore(path, inner.fileOffset() + position, n);
        }

        @Override
        public void sync(int position, int length) throws IOException {
            awaitHeldCondition(path);
            inner.sync(position, length);
            record("msync " + path + "@" + (inner.fileOffset() + position) + "+" + length);
        }
    }
}
