package dev.crashbench.recovery.fuzz;

/** How the engine answered one damaged copy ({@link CorruptionFuzz#classify}). */
public enum Outcome {
    /** The open, a read or the integrity check reported corruption ({@code CorruptDatabaseException} or an integrity problem). */
    CLEAN_ERROR(false, "clean error"),
    /** The table holds the state after every acknowledged commit. */
    ALL_COMMITS(false, "all commits"),
    /** The state after an acknowledged prefix, for a WAL truncated at its end: what a crash leaves. */
    ACKNOWLEDGED_PREFIX(false, "acknowledged prefix"),
    /** The state after an acknowledged prefix, silently, for damage that is not a truncation of the WAL. */
    LOST_COMMITS(true, "FAILURE: silent loss of acknowledged commits"),
    /** A state no commit left, silently. */
    WRONG_DATA(true, "FAILURE: silent wrong data"),
    /** An exception that is not a corruption error. */
    FOREIGN_EXCEPTION(true, "FAILURE: foreign exception"),
    /** No answer within the case's time limit. */
    HANG(true, "FAILURE: hang"),
    /** An OutOfMemoryError. */
    OUT_OF_MEMORY(true, "FAILURE: out of memory");

    private final boolean failure;
    private final String description;

    Outcome(boolean failure, String description) {
        this.failure = failure;
        this.description = description;
    }

    public boolean isFailure() {
        return failure;
    }

    public String describe() {
        return description;
    }
}
