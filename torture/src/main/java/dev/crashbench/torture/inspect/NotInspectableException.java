package dev.crashbench.torture.inspect;

/**
 * The path names nothing {@code inspect} can read: missing, a directory, unreadable, too short,
 * or not a crashbench database or WAL file. The message says which, for the user.
 */
public final class NotInspectableException extends Exception {
    public NotInspectableException(String message) {
        super(message);
    }

    public NotInspectableException(String message, Throwable cause) {
        super(message, cause);
    }
}
