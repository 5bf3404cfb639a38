package dev.crashbench.faultvfs;

/**
 * Thrown by every call on a {@link SimDisk} whose power has been cut. It is unchecked so that
 * it unwinds through code that handles {@link java.io.IOException}: a program does not get to
 * react to losing power. Inspect the disk's durable state with {@link SimDisk#crashImage}.
 */
public final class PowerCutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int step;

    public PowerCutException(int step) {
        super("power was cut at step " + step);
        this.step = step;
    }

    /** The step the power was cut at: it did not complete. */
    public int step() {
        return step;
    }
}
