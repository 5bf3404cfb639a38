package dev.crashbench.recovery.sqlite;

import java.io.IOException;

/**
 * A {@link SqliteException} crossing the engine-under-test SPI, whose calls throw
 * {@link IOException}: the message and the cause are SQLite's error;
 * {@link SqliteEngineConfiguration#classify} reads its result code.
 */
final class SqliteIoFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SqliteIoFailure(SqliteException cause) {
        super(cause.getMessage(), cause);
    }

    SqliteException sqlite() {
        return (SqliteException) getCause();
    }
}
