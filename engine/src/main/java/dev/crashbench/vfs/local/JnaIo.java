package dev.crashbench.vfs.local;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.crashbench.vfs.ErrnoException;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The JNA backend: libc through {@link Libc}, errno straight from the kernel.
 *
 * <p>Buffers: a direct {@link ByteBuffer} is passed to {@code pread}/{@code pwrite} by address
 * (plus its position). A heap buffer is copied through a per-thread direct scratch buffer that
 * grows to the largest request up to {@value #SCRATCH_MAX_BYTES} bytes and is then reused, so
 * the steady state allocates nothing; a larger heap write is issued as several {@code pwrite}s.
 *
 * <p>{@code EINTR} is retried for every call but {@code close}, which Linux never restarts.
 * Mapping reopens the descriptor through {@code /proc/self/fd/N} to get a {@link FileChannel},
 * so it maps the same inode even after the file was renamed or deleted.
 *
 * <p>Locks are open-file-description locks ({@code fcntl(F_OFD_SETLK)}) over the whole file: they
 * belong to the descriptor, so a second descriptor of this process is refused like another
 * process, and closing some other descriptor of the file (the channel {@code map} opens and closes,
 * say) does not drop them. The kernel releases them when the descriptor closes or the process dies.
 * They conflict with the POSIX locks of the NIO backend.
 */
final class JnaIo implements LocalIo {
    static final int SCRATCH_MAX_BYTES = 1 << 20;
    private static final int SCRATCH_MIN_BYTES = 64 << 10;

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    /** The JDK's own file-name encoding, so both backends turn a path into the same bytes. */
    private final Charset pathCharset = pathCharset();

    private JnaIo() {
    }

    /** @throws IllegalStateException when JNA did not load, saying why */
    static JnaIo create() {
        JnaProbe.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("JNA backend unavailable: " + reason);
        });
        return new JnaIo();
    }

    @Override
    public Backend backend() {
        return Backend.JNA;
    }

    @Override
    public Handle open(Path file, String vfsPath, OpenMode mode) throws ErrnoException {
        int flags = Libc.O_CLOEXEC | (mode.readOnly() ? Libc.O_RDONLY : Libc.O_RDWR);
        if (mode.createNew()) {
            flags |= Libc.O_CREAT | Libc.O_EXCL;
        } else if (mode.create()) {
            flags |= Libc.O_CREAT;
        }
        if (mode.dsync()) {
            flags |= Libc.O_DSYNC;
        }
        return new Fd(openRetry(file, flags, "open", vfsPath), vfsPath);
    }

    @Override
    public void rename(Path from, Path to, String vfsFrom, String vfsTo) throws ErrnoException {
        byte[] cFrom = cString(from);
        byte[] cTo = cString(to);
        while (true) {
            try {
                Libc.rename(cFrom, cTo);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new ErrnoException(e.getErrorCode(), "rename", vfsFrom + " -> " + vfsTo, null);
                }
            }
        }
    }

    @Override
    public void syncDirectory(Path dir, String vfsPath) throws ErrnoException {
        int fd = openRetry(dir, Libc.O_RDONLY | Libc.oDirectory() | Libc.O_CLOEXEC, "open", vfsPath);
        Fd handle = new Fd(fd, vfsPath);
        try {
            handle.fsync();
        } catch (ErrnoException e) {
            try {
                handle.close();
            } catch (ErrnoException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        handle.close();
    }

    private int openRetry(Path file, int flags, String operation, String vfsPath) throws ErrnoException {
        byte[] cPath = cString(file);
        while (true) {
            try {
                return Libc.open(cPath, flags, Libc.MODE_0666);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new ErrnoException(e.getErrorCode(), operation, vfsPath, null);
                }
            }
        }
    }

    private byte[] cString(Path path) {
        byte[] bytes = path.toString().getBytes(pathCharset);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** A thread's direct buffer for copying heap buffers, with its address looked up once. */
    private static final class Scratch {
        ByteBuffer buffer;
        long address;

        /** A buffer of at least {@code bytes} ({@code <= SCRATCH_MAX_BYTES}) capacity. */
        ByteBuffer ensure(int bytes) {
            if (buffer == null || buffer.capacity() < bytes) {
                int capacity = Math.max(SCRATCH_MIN_BYTES, Integer.highestOneBit(bytes - 1) << 1);
                buffer = ByteBuffer.allocateDirect(Math.min(capacity, SCRATCH_MAX_BYTES));
                address = address(buffer);
            }
            return buffer;
        }
    }

    /** An open descriptor. */
    private final class Fd implements Handle {
        private final int fd;
        private final String path;

        Fd(int fd, String path) {
            this.fd = fd;
            this.path = path;
        }

        @Override
        public int pread(long offset, ByteBuffer dst) throws ErrnoException {
            int wanted = dst.remaining();
            if (wanted == 0) {
                return 0;
            }
            int position = dst.position();
            if (dst.isDirect()) {
                int got = (int) preadRetry(address(dst) + position, wanted, offset);
                dst.position(position + got);
                return got;
            }
            int chunk = Math.min(wanted, SCRATCH_MAX_BYTES);
            Scratch s = scratch.get();
            ByteBuffer tmp = s.ensure(chunk);
            int got = (int) preadRetry(s.address, chunk, offset);
            dst.put(position, tmp, 0, got);
            dst.position(position + got);
            return got;
        }

        @Override
        public int pwrite(long offset, ByteBuffer src) throws ErrnoException {
            int wanted = src.remaining();
            if (wanted == 0) {
                return 0;
            }
            if (src.isDirect()) {
                int position = src.position();
                int wrote = (int) pwriteRetry(address(src) + position, wanted, offset);
                src.position(position + wrote);
                return wrote;
            }
            Scratch s = scratch.get();
            ByteBuffer tmp = s.ensure(Math.min(wanted, SCRATCH_MAX_BYTES));
            int total = 0;
            while (src.hasRemaining()) {
                int chunk = Math.min(src.remaining(), SCRATCH_MAX_BYTES);
                tmp.put(0, src, src.position(), chunk);
                int wrote = (int) pwriteRetry(s.address, chunk, offset + total);
                src.position(src.position() + wrote);
                total += wrote;
                if (wrote < chunk) {
                    break; // a short write ends the call; the caller decides whether to retry
                }
            }
            return total;
        }

        private long preadRetry(long buf, long count, long offset) throws ErrnoException {
            while (true) {
                try {
                    return Libc.pread(fd, buf, count, offset);
                } catch (LastErrorException e) {
                    retryOrThrow(e, "pread");
                }
            }
        }

        private long pwriteRetry(long buf, long count, long offset) throws ErrnoException {
            while (true) {
                try {
                    return Libc.pwrite(fd, buf, count, offset);
                } catch (LastErrorException e) {
                    retryOrThrow(e, "pwrite");
                }
            }
        }

        @Override
        public void fdatasync() throws ErrnoException {
            while (true) {
                try {
                    Libc.fdatasync(fd);
                    return;
                } catch (LastErrorException e) {
                    retryOrThrow(e, "fdatasync");
                }
            }
        }

        @Override
        public void fsync() throws ErrnoException {
            while (true) {
                try {
                    Libc.fsync(fd);
                    return;
                } catch (LastErrorException e) {
                    retryOrThrow(e, "fsync");
                }
            }
        }

        @Override
        public void ftruncate(long size) throws ErrnoException {
            while (true) {
                try {
                    Libc.ftruncate(fd, size);
                    return;
                } catch (LastErrorException e) {
                    retryOrThrow(e, "ftruncate");
                }
            }
        }

        @Override
        public long size() throws ErrnoException {
            try {
                return Libc.lseek(fd, 0, Libc.SEEK_END);
            } catch (LastErrorException e) {
                throw new ErrnoException(e.getErrorCode(), "lseek", path, null);
            }
        }

        @Override
        public void allocate(long size) throws ErrnoException {
            int rc;
            do {
                rc = Libc.posix_fallocate(fd, 0, size);
            } while (rc == Libc.EINTR);
            if (rc != 0) {
                throw new ErrnoException(rc, "posix_fallocate", path, null);
            }
        }

        @Override
        public boolean growsByWriting() {
            return false; // ftruncate and posix_fallocate never write over data
        }

        @Override
        public boolean tryLock() throws ErrnoException {
            return setLock(Libc.F_WRLCK);
        }

        @Override
        public void unlock() throws ErrnoException {
            setLock(Libc.F_UNLCK);
        }

        /** F_OFD_SETLK of the whole file (start 0, length 0: to the end, however it grows). */
        private boolean setLock(short type) throws ErrnoException {
            // Zeroed: l_whence SEEK_SET, l_start 0, l_len 0, and l_pid 0, which OFD locks require.
            ByteBuffer flock = ByteBuffer.allocateDirect(Libc.FLOCK_BYTES).order(ByteOrder.nativeOrder());
            flock.putShort(Libc.FLOCK_OFFSET_TYPE, type);
            try {
                while (true) {
                    try {
                        Libc.fcntl(fd, Libc.F_OFD_SETLK, address(flock));
                        return true;
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EACCES) {
                            return false; // a conflicting lock is held elsewhere
                        }
                        retryOrThrow(e, "fcntl(F_OFD_SETLK)");
                    }
                }
            } finally {
                Reference.reachabilityFence(flock); // the kernel reads it through its address only
            }
        }

        @Override
        public MappedByteBuffer map(long offset, int length, boolean readOnly) throws ErrnoException {
            Path self = Path.of("/proc/self/fd/" + fd);
            try (FileChannel channel = readOnly
                    ? FileChannel.open(self, StandardOpenOption.READ)
                    : FileChannel.open(self, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                        offset, length);
            } catch (IOException e) {
                throw NioErrors.toErrno(e, "mmap", path);
            }
        }

        @Override
        public void close() throws ErrnoException {
            try {
                Libc.close(fd);
            } catch (LastErrorException e) {
                // Linux releases the descriptor even when close fails; EINTR is not an error here.
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new ErrnoException(e.getErrorCode(), "close", path, null);
                }
            }
        }

        private void retryOrThrow(LastErrorException e, String operation) throws ErrnoException {
            if (e.getErrorCode() != Libc.EINTR) {
                throw new ErrnoException(e.getErrorCode(), operation, path, null);
            }
        }
    }
}
