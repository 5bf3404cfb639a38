package dev.crashbench.faultvfs;

import dev.crashbench.vfs.Errno;

/**
 * How one step of the op trace ended: a value ({@code value}: bytes moved, a size, 1/0 for a
 * yes/no answer, a handle number), an error, or a power cut.
 */
public record Outcome(Kind kind, long value, Errno errno) {

    public enum Kind { OK, ERROR, POWER_CUT }

    public static Outcome ok(long value) {
        return new Outcome(Kind.OK, value, null);
    }

    public static Outcome error(Errno errno) {
        return new Outcome(Kind.ERROR, 0, errno);
    }

    public static final Outcome CUT = new Outcome(Kind.POWER_CUT, 0, null);

    public String describe() {
        return switch (kind) {
            case OK -> "ok " + value;
            case ERROR -> errno.name();
            case POWER_CUT -> "power cut";
        };
    }
}
