package dev.crashbench.recovery.oracle;

import dev.crashbench.engine.Database;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.recovery.reference.ReferenceSession;
import dev.crashbench.spi.DurabilityPromise;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineSession;
import dev.crashbench.spi.FailureKind;
import dev.crashbench.spi.IntegrityIssue;
import dev.crashbench.spi.ReadView;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Judges a recovered database against a {@link History}, through the engine-under-test SPI only.
 *
 * <p>With an honest disk: the database opens, its integrity check (when the engine has one)
 * passes, and its key space equals the model after commit k for some k in {@code floor..newest}.
 * The floor follows the {@link DurabilityPromise} of the configuration: the newest acknowledged
 * commit when every commit is promised (or the newest a reader saw, if later: readers see only
 * durable commits), the newest explicitly checkpointed one when commits are durable at
 * checkpoints, and 0 when none is promised; newest is the newest commit attempted (in flight or
 * failed on an I/O error). Because each state is the model after a whole prefix of the commits, a
 * match can have no hole.
 *
 * <p>With a lying sync the floor drops to 0 (acknowledged commits may be lost, nothing partial
 * may appear). When durable bytes were damaged (bit rot, a misdirected write) the floor drops to
 * 0 too (a rotten frame ends the WAL early) and, as with a lying sync, detected damage is also
 * accepted: a refusal to open with a corruption error naming the file, or an integrity report
 * with a problem of kind {@link IntegrityIssue.Kind#CORRUPTION}. An integrity report of
 * {@link IntegrityIssue.Kind#INCONSISTENCY} alone never is: every page verified, so the engine
 * would serve what is wrong. The oracle decides on the kinds, never on the problems' wording.
 */
public final class Oracle {
    /** The file and table every workload uses. */
    public static final String DB_PATH = "db";
    public static final String TABLE = ReferenceSession.TABLE;

    private Oracle() {
    }

    /**
     * What a recovery may show.
     *
     * @param floor             the oldest commit state accepted
     * @param newest            the newest commit state accepted
     * @param corruptionAllowed whether a clear corruption error is an acceptable outcome
     * @param reason            why the floor is where it is, for messages
     */
    public record Expectation(int floor, int newest, boolean corruptionAllowed, String reason) {
        public String describe() {
            return (floor == newest ? "the state after commit " + floor : "the state after one of commits " + floor
                    + ".." + newest) + " (" + reason + ")" + (corruptionAllowed ? ", or a clear corruption error" : "");
        }
    }

    /**
     * The expectation for a crash with these bounds.
     *
     * @param honestSyncs    no sync lied or failed before the cut
     * @param durableDamage  bit rot or a misdirected write may have damaged durable bytes
     */
    public static Expectation expectation(History.Bounds bounds, DurabilityPromise durability, boolean honestSyncs,
                                          boolean durableDamage) {
        int floor;
        String reason;
        if (!honestSyncs || durableDamage) {
            floor = 0;
            reason = (durableDamage ? "durable bytes were damaged" : "a sync lied") + ", so any prefix";
        } else if (durability == DurabilityPromise.EVERY_COMMIT) {
            floor = Math.max(bounds.acknowledged(), bounds.seen());
            reason = bounds.acknowledged() + " acknowledged" + (bounds.newest() > bounds.acknowledged()
                    ? ", " + (bounds.newest() - bounds.acknowledged()) + " in flight or failed on I/O" : "")
                    + (bounds.seen() > bounds.acknowledged() ? ", commit " + bounds.seen() + " seen by a reader" : "");
        } else if (durability == DurabilityPromise.AT_CHECKPOINT) {
            floor = bounds.checkpointed();
            reason = "durable at checkpoints: " + bounds.checkpointed() + " made durable by a checkpoint, "
                    + bounds.acknowledged() + " acknowledged";
        } else {
            floor = 0;
            reason = "no durability promised: any prefix";
        }
        return new Expectation(floor, bounds.newest(), durableDamage || !honestSyncs, reason);
    }

    /**
     * The verdict of one recovery.
     *
     * @param violation the broken rule, or null when the recovery is correct
     * @param matched   the commit state the database showed, or -1 (refused, or no state matched)
     * @param found     what the table held, or null when it could not be read
     */
    public record Verdict(Violation violation, int matched, TableState found) {
        public boolean ok() {
            return violation == null;
        }

        static Verdict broken(Rule rule, String expected, String found) {
            return new Verdict(new Violation(rule, expected, found), -1, null);
        }
    }

    /** Opens the database on {@code disk} (recovering it), judges it, and closes it again. */
    public static Verdict recoverAndCheck(Vfs disk, EngineConfiguration engine, History history,
                                          Expectation expected) {
        EngineSession session;
        try {
            session = engine.open(disk, DB_PATH);
        } catch (PowerCutException e) {
            throw e; // a cut while recovering: the caller's crash, not the engine's error
        } catch (IOException | RuntimeException e) {
            return switch (engine.classify(e)) {
                case CORRUPTION_DETECTED -> refused(e, expected);
                case REFUSED, INDETERMINATE -> Verdict.broken(Rule.OPENS, expected.describe(), "open failed: " + e);
                case BUG -> Verdict.broken(Rule.ENGINE_ERROR, "open to succeed or fail with an I/O error",
                        "open threw " + e);
            };
        }
        try (session) {
            return check(engine, session, history, expected);
        } catch (IOException e) {
            return Verdict.broken(Rule.OPENS, expected.describe(), "reading the recovered database failed: " + e);
        }
    }

    /**
     * Judges an open session of {@code engine}.
     *
     * @throws IOException an I/O error (not a corruption error) while reading it: no verdict, as
     *                     on a faulty disk the caller may simply try again
     */
    public static Verdict check(EngineConfiguration engine, EngineSession session, History history,
                                Expectation expected) throws IOException {
        TableState found;
        try {
            List<IntegrityIssue> problems = engine.has(dev.crashbench.spi.Capability.INTEGRITY_CHECK)
                    ? session.checkIntegrity() : List.of();
            if (expected.corruptionAllowed() && problems.stream().anyMatch(IntegrityIssue::isCorruption)) {
                // The damage was detected, so the engine refuses it rather than serving it. What else
                // the check reports follows from it (the pages below an unreadable one are reached
                // by nothing) and cannot be told apart from it.
                return new Verdict(null, -1, null);
            }
            if (!problems.isEmpty()) {
                return Verdict.broken(Rule.INTEGRITY, expected.corruptionAllowed()
                        ? "no problems, or damage detected as corruption" : "no problems",
                        problems.size() + " problem(s): " + problems.subList(0, Math.min(5, problems.size()))
                                .stream().map(IntegrityIssue::describe).collect(Collectors.joining("; ")));
            }
            found = contents(session);
        } catch (PowerCutException e) {
            throw e;
        } catch (IOException e) {
            if (engine.classify(e) == FailureKind.CORRUPTION_DETECTED) {
                return refused(e, expected);
            }
            throw e;
        } catch (RuntimeException e) {
            return Verdict.broken(Rule.ENGINE_ERROR, "integrity check and scan to succeed", "they threw " + e);
        }
        for (int k = expected.newest(); k >= expected.floor(); k--) {
            if (history.state(k).sameAs(found)) {
                return new Verdict(null, k, found);
            }
        }
        return new Verdict(new Violation(Rule.PREFIX, expected.describe(), describeMismatch(found, history)), -1,
                found);
    }

    private static Verdict refused(Exception e, Oracle.Expectation expected) {
        if (expected.corruptionAllowed()) {
            return new Verdict(null, -1, null);
        }
        return Verdict.broken(Rule.OPENS, expected.describe(), "a corruption error with an honest disk: "
                + e.getMessage());
    }

    private static String describeMismatch(TableState found, History history) {
        for (int k = history.last(); k >= 0; k--) {
            if (history.state(k).sameAs(found)) {
                return "the state after commit " + k + " (" + history.outcome(k) + "): " + found.describe();
            }
        }
        return found.describe() + ", which is no commit's state; the newest is " + history.state(history.last())
                .describe();
    }

    /** The key space's contents as a new read view of {@code session} sees them. */
    public static TableState contents(EngineSession session) throws IOException {
        try (ReadView read = session.beginRead()) {
            return contents(read);
        }
    }

    /** The key space's contents as {@code read} sees them. */
    public static TableState contents(ReadView read) throws IOException {
        SortedMap<Long, byte[]> rows = read.readAll();
        return rows == null ? TableState.ABSENT : TableState.of(rows);
    }

    /**
     * The reference engine's table as a new read transaction of {@code database} sees it: for the
     * corruption fuzz, which damages and reopens the reference engine's own files.
     */
    public static TableState contents(Database database) throws IOException {
        try (ReadView read = ReferenceSession.readView(database.beginRead())) {
            return contents(read);
        }
    }
}
