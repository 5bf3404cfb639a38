package dev.crashbench.vfs;

/**
 * The Linux error numbers the engine must tell apart. {@link #OTHER} stands for any number not
 * listed here; {@link ErrnoException#code()} keeps the raw number.
 */
public enum Errno {
    EPERM(1), ENOENT(2), EIO(5), EBADF(9), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14),
    EBUSY(16), EEXIST(17), EXDEV(18), ENOTDIR(20), EISDIR(21), EINVAL(22), EMFILE(24),
    EFBIG(27), ENOSPC(28), EROFS(30), ENAMETOOLONG(36), ENOTEMPTY(39), EOPNOTSUPP(95),
    EDQUOT(122), OTHER(-1);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The Linux number, or -1 for {@link #OTHER}. */
    public int code() {
        return code;
    }

    /** The constant for a Linux error number; {@link #OTHER} for numbers not listed. */
    public static Errno fromCode(int code) {
        for (Errno e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return OTHER;
    }
}
