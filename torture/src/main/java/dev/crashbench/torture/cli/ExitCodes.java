package dev.crashbench.torture.cli;

/** The exit codes of every crashbench command. */
public final class ExitCodes {
    /** Ran to the end and found nothing wrong. */
    public static final int OK = 0;
    /** Ran to the end and found a durability violation. */
    public static final int VIOLATION = 1;
    /** Bad usage: unknown option, bad value. */
    public static final int USAGE = 2;
    /** The tool itself failed (an unexpected exception). */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
