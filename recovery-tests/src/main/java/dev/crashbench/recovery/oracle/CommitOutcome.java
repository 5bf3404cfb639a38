package dev.crashbench.recovery.oracle;

/** What the program knows of one commit it attempted. */
public enum CommitOutcome {
    /** The commit returned: it must survive any crash an honest disk can suffer (in FULL durability). */
    ACKED,
    /** The engine refused it before writing anything: it must never appear. */
    FAILED,
    /** In flight at the cut, or failed on an I/O error: it may or may not have become durable. */
    INDETERMINATE
}
