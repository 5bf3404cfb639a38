package dev.crashbench.recovery.oracle;

/** The rules the oracle checks; every violation names one. */
public enum Rule {
    /** After a crash the database opens, or (only when durable bytes were damaged) refuses with a corruption error naming file and page. */
    OPENS("the database opens after recovery"),
    /** The integrity check (tree order, page ownership, free list, counts) passes. */
    INTEGRITY("the integrity check passes after recovery"),
    /** The content equals the model after a hole-free prefix of the commits holding every acknowledged one. */
    PREFIX("the content is the model after a prefix of the commits that holds every acknowledged one"),
    /** A cut (or an I/O error) during recovery or its first checkpoint, then recovery, gives the same state. */
    IDEMPOTENT("recovery interrupted and run again gives the same state"),
    /** Reads before the cut see their own writes and the committed state, nothing dirty or stale. */
    READ("reads see their own writes and the committed state"),
    /** The engine reports failures as I/O errors; any other exception is a bug. */
    ENGINE_ERROR("the engine throws nothing but I/O errors");

    private final String statement;

    Rule(String statement) {
        this.statement = statement;
    }

    /** The rule in words, for reports. */
    public String statement() {
        return statement;
    }
}
