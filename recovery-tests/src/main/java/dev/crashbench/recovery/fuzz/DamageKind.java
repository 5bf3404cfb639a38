package dev.crashbench.recovery.fuzz;

/**
 * A kind of damage the corruption fuzz does to one copy of the files (issue 14's probe): one
 * change per copy, at a place drawn from the copy's seed ({@link Damager}).
 */
public enum DamageKind {
    FLIPPED_BIT("one bit flipped in the WAL's used part or in the database file"),
    ZEROED_SECTOR("one 512-byte sector zeroed in the WAL's used part or in the database file"),
    GARBAGE_FRAME("one WAL frame slot overwritten with random bytes"),
    DUPLICATED_FRAME("one WAL frame copied over another frame slot"),
    WAL_HEADER_FIELD("one bit flipped in a field of the WAL header, not resealed"),
    DB_HEADER_FIELD("a field of the database header (page 0) set to another value, checksum resealed"),
    DB_TRUNCATION("the database file truncated"),
    WAL_TRUNCATION("the WAL truncated inside its used part: the one damage that may lose acknowledged commits");

    private final String description;

    DamageKind(String description) {
        this.description = description;
    }

    public String describe() {
        return description;
    }

    /** Whether an acknowledged prefix (commits lost from the end) is an acceptable outcome of this damage. */
    public boolean mayLoseTail() {
        return this == WAL_TRUNCATION;
    }
}
