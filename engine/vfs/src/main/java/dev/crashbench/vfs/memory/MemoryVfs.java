package dev.crashbench.vfs.memory;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;
import dev.crashbench.vfs.VfsPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A VFS held in the heap, for databases that need no durability ({@code jdbc:crashbench:mem:}).
 * Files and directories live in one map; there is no page cache and no durable state apart from
 * the live one: {@code sync} and {@code syncDirectory} only check their arguments, and everything
 * is gone when the object is dropped. Unlike SimDisk it models no power cut: use SimDisk for that.
 *
 * <p>Semantics follow the SPI like {@code LocalVfs}: positional I/O, a gap reads as zeros, a
 * deleted or renamed-over file stays usable through handles already open, {@code rename}
 * atomically replaces its target, errors are {@link ErrnoException}s. A lock belongs to a handle
 * and is kept on the file (the inode), so a second handle is refused whatever name it came through.
 * Thread-safe: every call
 * locks the VFS, which is fine for a VFS whose calls are memory copies.
 */
public final class MemoryVfs implements Vfs {
    private static final int MAX_SIZE = Integer.MAX_VALUE - 16;

    /** A file's contents, shared by every handle and name that refers to it. */
    private static final class Inode {
        byte[] data = new byte[0];
        int size;
        /** The handle holding the file's lock, or null. */
        MemoryFile lockHolder;
    }

    private final String name;
    private final Map<String, Inode> files = new TreeMap<>();
    private final Map<String, Boolean> directories = new TreeMap<>();

    public MemoryVfs(String name) {
        this.name = name;
        directories.put("", Boolean.TRUE);
    }

    @Override
    public synchronized VfsFile open(String path, OpenOption... options) throws IOException {
        VfsPaths.check(path);
        EnumSet<OpenOption> set = options.length == 0 ? EnumSet.noneOf(OpenOption.class) : EnumSet.copyOf(Arrays.asList(options));
        if (path.isEmpty() || directories.containsKey(path)) {
            throw new ErrnoException(Errno.EISDIR, "open", path, "is a directory");
        }
        Inode inode = files.get(path);
        if (inode != null && set.contains(OpenOption.CREATE_NEW)) {
            throw new ErrnoException(Errno.EEXIST, "open", path, "exists");
        }
        if (inode == null) {
            if (!set.contains(OpenOption.CREATE) && !set.contains(OpenOption.CREATE_NEW)) {
                throw new ErrnoException(Errno.ENOENT, "open", path, "no such file");
            }
            requireDirectory(VfsPaths.parent(path), "open", path);
            inode = new Inode();
            files.put(path, inode);
        }
        return new MemoryFile(path, inode, set.contains(OpenOption.READ_ONLY));
    }

    @Override
    public synchronized boolean exists(String path) {
        VfsPaths.check(path);
        return files.containsKey(path) || directories.containsKey(path);
    }

    @Override
    public synchronized void delete(String path) throws IOException {
        VfsPaths.check(path);
        if (files.remove(path) != null) {
            return;
        }
        if (!directories.containsKey(path) || path.isEmpty()) {
            throw new ErrnoException(path.isEmpty() ? Errno.EBUSY : Errno.ENOENT, "delete", path, "no such file");
        }
        if (!list(path).isEmpty()) {
            throw new ErrnoException(Errno.ENOTEMPTY, "delete", path, "directory not empty");
        }
        directories.remove(path);
    }

    @Override
    public synchronized void rename(String from, String to) throws IOException {
        VfsPaths.check(from);
        VfsPaths.check(to);
        Inode inode = files.get(from);
        if (inode == null) {
            throw new ErrnoException(Errno.ENOENT, "rename", from, "no such file");
        }
        if (directories.containsKey(to)) {
            throw new ErrnoException(Errno.EISDIR, "rename", to, "is a directory");
        }
        requireDirectory(VfsPaths.parent(to), "rename", to);
        files.remove(from);
        files.put(to, inode);
    }

    @Override
    public synchronized void createDirectory(String path) throws IOException {
        VfsPaths.check(path);
        if (exists(path)) {
            throw new ErrnoException(Errno.EEXIST, "mkdir", path, "exists");
        }
        requireDirectory(VfsPaths.parent(path), "mkdir", path);
        directories.put(path, Boolean.TRUE);
    }

    @Override
    public synchronized void syncDirectory(String path) throws IOException {
        VfsPaths.check(path);
        if (files.containsKey(path)) {
            throw new ErrnoException(Errno.ENOTDIR, "fsync", path, "not a directory");
        }
        requireDirectory(path, "fsync", path);
    }

    @Override
    public synchronized List<String> list(String path) throws IOException {
        requireDirectory(path, "list", path);
        List<String> names = new ArrayList<>();
        for (String file : files.keySet()) {
            if (!file.isEmpty() && VfsPaths.parent(file).equals(path)) {
                names.add(VfsPaths.name(file));
            }
        }
        for (String dir : directories.keySet()) {
            if (!dir.isEmpty() && VfsPaths.parent(dir).equals(path)) {
                names.add(VfsPaths.name(dir));
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public DiskModel diskModel() {
        return DiskModel.SSD_4K;
    }

    @Override
    public String describe() {
        return "memory VFS '" + name + "' (no durability)";
    }

    private void requireDirectory(String path, String operation, String subject) throws ErrnoException {
        if (!directories.containsKey(path)) {
            throw new ErrnoException(files.containsKey(path) ? Errno.ENOTDIR : Errno.ENOENT, operation, subject,
                    "no directory '" + path + "'");
        }
    }

    private final class MemoryFile implements VfsFile {
        private final String path;
        private final Inode inode;
        private final boolean readOnly;
        private boolean closed;

        MemoryFile(String path, Inode inode, boolean readOnly) {
            this.path = path;
            this.inode = inode;
            this.readOnly = readOnly;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public int read(long offset, ByteBuffer dst) throws IOException {
            synchronized (MemoryVfs.this) {
                checkOpen("pread");
                checkOffset(offset, "pread");
                if (offset >= inode.size) {
                    return 0;
                }
                int n = (int) Math.min(dst.remaining(), inode.size - offset);
                dst.put(inode.data, (int) offset, n);
                return n;
            }
        }

        @Override
        public int write(long offset, ByteBuffer src) throws IOException {
            synchronized (MemoryVfs.this) {
                checkWritable("pwrite");
                checkOffset(offset, "pwrite");
                int n = src.remaining();
                if (n == 0) {
                    return 0;
                }
                ensureCapacity(offset + n, "pwrite");
                src.get(inode.data, (int) offset, n);
                inode.size = (int) Math.max(inode.size, offset + n);
                return n;
            }
        }

        @Override
        public void sync(SyncMode mode) throws IOException {
            synchronized (MemoryVfs.this) {
                checkOpen("fsync");
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (MemoryVfs.this) {
                checkWritable("ftruncate");
                checkOffset(size, "ftruncate");
                ensureCapacity(size, "ftruncate");
                if (size < inode.size) {
                    Arrays.fill(inode.data, (int) size, inode.size, (byte) 0);
                }
                inode.size = (int) size;
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (MemoryVfs.this) {
                checkOpen("fstat");
                return inode.size;
            }
        }

        @Override
        public void allocate(long size) throws IOException {
            synchronized (MemoryVfs.this) {
                checkWritable("fallocate");
                checkOffset(size, "fallocate");
                ensureCapacity(size, "fallocate");
                inode.size = (int) Math.max(inode.size, size);
            }
        }

        @Override
        public MappedRegion map(long offset, int length) throws IOException {
            synchronized (MemoryVfs.this) {
                checkOpen("mmap");
                if (offset < 0 || length < 0 || offset + length > inode.size) {
                    throw new ErrnoException(Errno.EINVAL, "mmap", path, "range [" + offset + ", " + (offset + length)
                            + ") outside the file of " + inode.size + " bytes");
                }
                return new MemoryRegion(this, offset, length);
            }
        }

        @Override
        public VfsLock tryLockExclusive() throws IOException {
            synchronized (MemoryVfs.this) {
                if (closed) {
                    throw new IllegalStateException("file " + path + " is closed");
                }
                if (inode.lockHolder == this) {
                    throw new IllegalStateException("file " + path + " holds its lock already");
                }
                checkWritable("lock");
                if (inode.lockHolder != null) {
                    throw new FileLockedException(path, "another open file of this memory VFS ("
                            + inode.lockHolder.path + ")", OptionalLong.empty());
                }
                inode.lockHolder = this;
                return new MemoryLock(this);
            }
        }

        @Override
        public void close() {
            synchronized (MemoryVfs.this) {
                closed = true;
                if (inode.lockHolder == this) {
                    inode.lockHolder = null;
                }
            }
        }

        void checkOpen(String operation) throws ErrnoException {
            if (closed) {
                throw new ErrnoException(Errno.EBADF, operation, path, "file is closed");
            }
        }

        private void checkWritable(String operation) throws ErrnoException {
            checkOpen(operation);
            if (readOnly) {
                throw new ErrnoException(Errno.EBADF, operation, path, "opened read-only");
            }
        }

        private void checkOffset(long offset, String operation) throws ErrnoException {
            if (offset < 0) {
                throw new ErrnoException(Errno.EINVAL, operation, path, "negative offset " + offset);
            }
        }

        private void ensureCapacity(long size, String operation) throws ErrnoException {
            if (size > MAX_SIZE) {
                throw new ErrnoException(Errno.EFBIG, operation, path, "a memory file holds at most " + MAX_SIZE + " bytes");
            }
            if (size > inode.data.length) {
                long grown = Math.max(size, Math.min(MAX_SIZE, (long) inode.data.length * 2));
                inode.data = Arrays.copyOf(inode.data, (int) grown);
            }
        }
    }

    /** A lock a {@link MemoryFile} took; released once, never a newer lock of the same handle. */
    private final class MemoryLock implements VfsLock {
        private final MemoryFile file;
        private boolean released;

        MemoryLock(MemoryFile file) {
            this.file = file;
        }

        @Override
        public String path() {
            return file.path;
        }

        @Override
        public void close() {
            synchronized (MemoryVfs.this) {
                if (!released && file.inode.lockHolder == file) {
                    file.inode.lockHolder = null;
                }
                released = true;
            }
        }
    }

    private final class MemoryRegion implements MappedRegion {
        private final MemoryFile file;
        private final long offset;
        private final int length;
        private boolean closed;

        MemoryRegion(MemoryFile file, long offset, int length) {
            this.file = file;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public long fileOffset() {
            return offset;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void read(int position, ByteBuffer dst) {
            synchronized (MemoryVfs.this) {
                check(position, dst.remaining());
                dst.put(file.inode.data, (int) (offset + position), dst.remaining());
            }
        }

        @Override
        public void write(int position, ByteBuffer src) {
            synchronized (MemoryVfs.this) {
                check(position, src.remaining());
                src.get(file.inode.data, (int) (offset + position), src.remaining());
            }
        }

        @Override
        public void sync(int position, int count) {
            synchronized (MemoryVfs.this) {
                check(position, count);
            }
        }

        @Override
        public void close() {
            synchronized (MemoryVfs.this) {
                closed = true;
            }
        }

        private void check(int position, int count) {
            if (closed) {
                throw new IllegalStateException("mapped region of " + file.path + " is closed");
            }
            MappedRegion.checkRange(position, count, length, file.path);
            if (offset + position + count > file.inode.size) {
                throw new IllegalStateException("mapped range of " + file.path + " lies past the end of the file");
            }
        }
    }
}
