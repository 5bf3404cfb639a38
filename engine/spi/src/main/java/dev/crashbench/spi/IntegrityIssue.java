package dev.crashbench.spi;

import java.util.Objects;

/**
 * One problem an engine's integrity check reports. The oracle decides on the kind, never on the
 * wording: detected damage may be acceptable when the disk damaged durable bytes, an inconsistency
 * never is (every page verified, so the engine would serve what is wrong).
 *
 * @param kind        detected damage or a structural inconsistency
 * @param description what and where, for messages
 */
public record IntegrityIssue(Kind kind, String description) {
    /** The two kinds of problem. */
    public enum Kind {
        /** Damage the engine detected (a checksum that does not match): it refuses the data. */
        CORRUPTION,
        /** Verified structures that contradict each other: the engine would serve wrong data. */
        INCONSISTENCY
    }

    public IntegrityIssue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    public boolean isCorruption() {
        return kind == Kind.CORRUPTION;
    }

    public String describe() {
        return (kind == Kind.CORRUPTION ? "corruption: " : "inconsistency: ") + description;
    }
}
