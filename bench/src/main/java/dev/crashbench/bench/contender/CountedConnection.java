package dev.crashbench.bench.contender;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * A connection and the bytes its engine has written to the database's files so far, where the
 * bench can count them ({@link #UNKNOWN} elsewhere).
 */
public record CountedConnection(Connection connection, LongSupplier bytesWritten) implements AutoCloseable {

    /** The count of a contender whose writes the bench cannot see. */
    public static final long UNKNOWN = -1;

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
