package dev.crashbench.vfs.local;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The libc functions the JNA backend calls, bound by JNA direct mapping
 * ({@link Native#register(Class, NativeLibrary)}): each call is one JNI transition with no
 * reflection or argument boxing.
 *
 * <p>Types assume LP64 Linux: {@code off_t}, {@code size_t} and {@code ssize_t} are Java
 * {@code long}, and a buffer is passed as its native address in a {@code long} (a pointer and a
 * 64-bit integer travel in the same register). Paths are NUL-terminated byte arrays.
 * {@code open} is variadic in C; calling it with a fixed third argument is safe on the x86_64
 * and aarch64 Linux ABIs, which pass the variadic {@code int} like a named one.
 *
 * <p>A method that declares {@link LastErrorException} throws it when {@code errno} is non-zero
 * after the call (JNA clears {@code errno} first); these wrappers set it only on failure.
 * {@code posix_fallocate} is the exception: it returns the error number and leaves
 * {@code errno} alone.
 *
 * <p>Not loaded until {@link #register()} is called, which the {@link JnaIo} probe does once.
 */
final class Libc {
    // Flag values shared by x86_64 and aarch64 (asm-generic/fcntl.h), octal as in the headers.
    static final int O_RDONLY = 0;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_DSYNC = 010000;
    static final int O_CLOEXEC = 02000000;
    static final int SEEK_END = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    /**
     * Open-file-description locks (Linux 3.15+, the same numbers on every architecture): owned by
     * the open file, not the process, so a second descriptor of the same process conflicts, and
     * closing some other descriptor of the file does not drop them, as it drops POSIX locks.
     */
    static final int F_OFD_SETLK = 37;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;
    /** {@code struct flock} on LP64 Linux: l_type, l_whence (shorts), l_start, l_len (off_t), l_pid (int). */
    static final int FLOCK_BYTES = 32;
    static final int FLOCK_OFFSET_TYPE = 0;
    /** New files get 0666 minus the umask, as {@code java.nio} creates them. */
    static final int MODE_0666 = 0666;

    private Libc() {
    }

    /** O_DIRECTORY differs: arm64 overrides the generic value. */
    static int oDirectory() {
        return Platform.ARCH.equals("aarch64") ? 040000 : 0200000;
    }

    static void register() {
        Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    static native long pread(int fd, long buf, long count, long offset) throws LastErrorException;

    static native long pwrite(int fd, long buf, long count, long offset) throws LastErrorException;

    static native int fdatasync(int fd) throws LastErrorException;

    static native int fsync(int fd) throws LastErrorException;

    static native int ftruncate(int fd, long length) throws LastErrorException;

    /** Returns 0 or the error number; does not set errno. */
    static native int posix_fallocate(int fd, long offset, long len);

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** {@code fcntl(fd, cmd, struct flock *)}: the third argument is the address of a {@link #FLOCK_BYTES}-byte struct. */
    static native int fcntl(int fd, int cmd, long flock) throws LastErrorException;

    static native int rename(byte[] from, byte[] to) throws LastErrorException;
}
