package dev.crashbench.engine.sql;

import java.sql.SQLException;

/**
 * A batch ({@link SqlSession#executeBatch}) stopped at one parameter set: that set's error (its
 * message, SQLState and the error itself as the cause), which set it was, and the results of the
 * sets before it, whose changes stay in the transaction.
 */
public final class BatchFailure extends SQLException {
    private static final long serialVersionUID = 1L;

    private final transient Result[] completed;

    BatchFailure(SQLException failure, Result[] completed) {
        super(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
        this.completed = completed;
    }

    /** The error of the set that failed. */
    public SQLException failure() {
        return (SQLException) getCause();
    }

    /** The results of the sets that ran before the failing one, in order; its length is the failing set's index. */
    public Result[] completed() {
        return completed.clone();
    }
}
