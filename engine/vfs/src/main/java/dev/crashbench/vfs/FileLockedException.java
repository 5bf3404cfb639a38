package dev.crashbench.vfs;

import java.util.OptionalLong;

/**
 * {@link VfsFile#tryLockExclusive()} found the file locked by another handle, of this process or
 * another one. Its errno is {@link Errno#EAGAIN}, what {@code fcntl(F_SETLK)} answers. The message
 * names the file and the holder as far as the system can tell: its process id where the operating
 * system shows it ({@code /proc}), otherwise only that it is another handle.
 */
public final class FileLockedException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    private final String holder;
    private final long holderPid;

    /**
     * @param path      the file asked for
     * @param holder    who holds it, in words for the message, e.g. {@code "process 4711"}
     * @param holderPid the holder's process id, when known
     */
    public FileLockedException(String path, String holder, OptionalLong holderPid) {
        super(Errno.EAGAIN, "lock", path, "the file is locked by " + holder);
        this.holder = holder;
        this.holderPid = holderPid.orElse(-1);
    }

    /** Who holds the lock, in words. */
    public String holder() {
        return holder;
    }

    /** The holding process's id, when the system tells it. */
    public OptionalLong holderPid() {
        return holderPid < 0 ? OptionalLong.empty() : OptionalLong.of(holderPid);
    }
}
