package dev.crashbench.engine;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
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

/**
 * A {@link Vfs} wrapper for tests that records, in order, every call that changes what is on disk
 * or makes it durable, as one line each:
 * <ul>
 *   <li>{@code create PATH} (an open that created the file), {@code delete PATH}, {@code rename FROM TO};</li>
 *   <li>{@code write PATH@OFFSET} (one line per positional write call);</li>
 *   <li>{@code sync PATH} (a file sync, either mode), {@code syncdir DIR} (the root directory is {@code ""}).</li>
 * </ul>
 * It can also make the next syncs of one file fail with {@link Errno#EIO} before they reach the
 * disk ({@link #failNextSyncs}). Reads are not recorded.
 */
public final class RecordingVfs implements Vfs {
    private final Vfs delegate;
    private final List<String> events = new ArrayList<>();
    private final Map<String, Integer> syncFailures = new HashMap<>();
    private final Map<String, Long> bytesWritten = new HashMap<>();

    public RecordingVfs(Vfs delegate) {
        this.delegate = delegate;
    }

    /** Every event so far, oldest first. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Forgets the events and the bytes written so far. */
    public synchronized void clear() {
        events.clear();
        bytesWritten.clear();
    }

    /** Bytes positional writes put into {@code path} since the last {@link #clear}. */
    public synchronized long bytesWritten(String path) {
        return bytesWritten.getOrDefault(path, 0L);
    }

    private synchronized void countBytes(String path, int n) {
        bytesWritten.merge(path, (long) n, Long::sum);
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

    private synchronized void record(String event) {
        events.add(event);
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
        boolean existed = delegate.exists(path);
        VfsFile file = delegate.open(path, options);
        if (creating && !existed) {
            record("create " + path);
        }
        return new RecordingFile(file);
    }

    @Override
    public boolean exists(String path) throws IOException {
        return delegate.exists(path);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
        record("delete " + path);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        delegate.rename(from, to);
        record("rename " + from + " " + to);
    }

    @Override
    public void createDirectory(String path) throws IOException {
        delegate.createDirectory(path);
        record("mkdir " + path);
    }

    @Override
    public void syncDirectory(String path) throws IOException {
        delegate.syncDirectory(path);
        record("syncdir " + path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        return delegate.list(path);
    }

    @Override
    public DiskModel diskModel() {
        return delegate.diskModel();
    }

    @Override
    public String describe() {
        return "recording " + delegate.describe();
    }

    private final class RecordingFile implements VfsFile {
        private final VfsFile file;

        RecordingFile(VfsFile file) {
            this.file = file;
        }

        @Override
        public String path() {
            return file.path();
        }

        @Override
        public int read(long offset, ByteBuffer dst) throws IOException {
            return file.read(offset, dst);
        }

        @Override
        public int write(long offset, ByteBuffer src) throws IOException {
            int n = file.write(offset, src);
            record("write " + file.path() + "@" + offset);
            countBytes(file.path(), n);
            return n;
        }

        @Override
        public void sync(SyncMode mode) throws IOException {
            if (takeSyncFailure(file.path())) {
                record("sync-failed " + file.path());
                throw new ErrnoException(Errno.EIO, "fsync", file.path(), "injected by RecordingVfs");
            }
            file.sync(mode);
            record("sync " + file.path());
        }

        @Override
        public void truncate(long size) throws IOException {
            file.truncate(size);
            record("truncate " + file.path() + "@" + size);
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void allocate(long size) throws IOException {
            file.allocate(size);
            record("allocate " + file.path() + "@" + size);
        }

        @Override
        public MappedRegion map(long offset, int length) throws IOException {
            return file.map(offset, length);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
