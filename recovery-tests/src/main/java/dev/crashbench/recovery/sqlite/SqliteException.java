package dev.crashbench.recovery.sqlite;

/**
 * An error SQLite returned, with its extended result code ({@code SQLITE_IOERR_FSYNC},
 * {@code SQLITE_CORRUPT}, ...) and its message. A power cut is not one of these: it comes out of
 * {@link SqliteOnVfs} as the {@code Vfs} threw it.
 */
public class SqliteException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int extendedCode;
    private final String operation;

    public SqliteException(String operation, int extendedCode, String message) {
        super(operation + ": " + message + " (SQLite result code " + extendedCode + ")");
        this.operation = operation;
        this.extendedCode = extendedCode;
    }

    /** The extended result code, e.g. 1034 for {@code SQLITE_IOERR_FSYNC}. */
    public int extendedCode() {
        return extendedCode;
    }

    /** The primary result code (the low byte), e.g. 10 for any {@code SQLITE_IOERR}. */
    public int primaryCode() {
        return extendedCode & 0xFF;
    }

    /** Whether SQLite found the database damaged ({@code SQLITE_CORRUPT} or {@code SQLITE_NOTADB}). */
    public boolean isCorruption() {
        return primaryCode() == SqliteCodes.CORRUPT || primaryCode() == SqliteCodes.NOTADB;
    }

    /** Whether the cause was an I/O error or a full disk. */
    public boolean isIoError() {
        return primaryCode() == SqliteCodes.IOERR || primaryCode() == SqliteCodes.FULL;
    }

    /** What was being done: the SQL or the C function. */
    public String operation() {
        return operation;
    }
}
