package dev.crashbench.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One thing {@link Database#checkIntegrity} found wrong, with its kind, so that a caller can tell
 * detected damage from a database that is wrong without knowing it.
 *
 * @param kind        whether bytes failed their own verification or verified pages disagree
 * @param description a sentence naming the structure and the page
 */
public record IntegrityProblem(Kind kind, String description) {

    /** What kind of wrong. */
    public enum Kind {
        /**
         * Bytes the engine cannot trust, and knows it: a page that fails its checksum or its own
         * format checks (every read of it fails with a {@link CorruptDatabaseException}), or pages
         * that do not add up to the page digest their commit recorded (a write that was lost,
         * landed elsewhere or rotted). Damage to the storage, detected: the engine never serves it
         * as data.
         */
        CORRUPTION,
        /**
         * Every page verifies on its own, yet together they are wrong: keys outside the range a
         * separator gives, a page claimed twice or by nothing, a reference to a page of the wrong
         * kind, a free list that disagrees with the header. Nothing flags this on a read, so the
         * engine may serve wrong data from it; on a database whose pages all match their commit
         * it can only come from a bug in the engine.
         */
        INCONSISTENCY
    }

    public IntegrityProblem {
        if (kind == null || description == null) {
            throw new IllegalArgumentException("an integrity problem needs a kind and a description");
        }
    }

    public static IntegrityProblem corruption(String description) {
        return new IntegrityProblem(Kind.CORRUPTION, description);
    }

    public static IntegrityProblem inconsistency(String description) {
        return new IntegrityProblem(Kind.INCONSISTENCY, description);
    }

    /** Whether this is detected damage ({@link Kind#CORRUPTION}). */
    public boolean isCorruption() {
        return kind == Kind.CORRUPTION;
    }

    /** The problems described and joined with {@code "; "}, for messages. */
    public static String join(List<IntegrityProblem> problems) {
        return problems.stream().map(IntegrityProblem::describe).collect(Collectors.joining("; "));
    }

    /** {@code corruption: <description>} or {@code inconsistency: <description>}. */
    public String describe() {
        return (kind == Kind.CORRUPTION ? "corruption: " : "inconsistency: ") + description;
    }

    @Override
    public String toString() {
        return describe();
    }
}
