package dev.crashbench.recovery.replay;

/** A file that is not a replay file this version can read; the message says why. */
public final class InvalidReplayFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidReplayFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
