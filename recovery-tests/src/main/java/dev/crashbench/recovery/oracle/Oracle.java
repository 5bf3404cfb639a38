package dev.crashbench.recovery.oracle;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.Database;
import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.btree.Cursor;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.vfs.Vfs;
import java.io.IOException;
import java.util.List;
import java.util.TreeMap;

/**
 * Judges a recovered database against a {@link History}.
 *
 * <p>With an honest disk: the database opens, its integrity check passes, and its table equals
 * the model after commit k for some k in {@code floor..newest}. The floor is the newest
 * acknowledged commit in FULL durability (or the newest a reader saw, if later: readers see only
 * durable commits), the newest explicitly checkpointed one in NORMAL, and 0 in OFF; newest is the newest commit attempted (in flight or failed on an I/O error). Because
 * each state is the model after a whole prefix of the commits, a match can have no hole.
 *
 * <p>With a lying sync the floor drops to 0 (acknowledged commits may be lost, nothing partial
 * may appear). When durable bytes were damaged (bit rot, a misdirected write) the floor drops to
 * 0 too (a rotten frame ends the WAL early) and, as with a lying sync, detected damage is also
 * accepted: a refusal to open with a corruption error naming the file, or an integrity report
 * with a problem of kind {@link IntegrityProblem.Kind#CORRUPTION}. An integrity report of
 * {@link IntegrityProblem.Kind#INCONSISTENCY} alone never is: every page verified, so the engine
 * would serve what is wrong. The oracle decides on the kinds, never on the problems' wording.
 */
public final class Oracle {
    /** The file and table every workload uses. */
    public static final String DB_PATH = "db";
    public static final String TABLE = "t";

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
    public static Expectation expectation(History.Bounds bounds, Durability durability, boolean honestSyncs,
                                          boolean durableDamage) {
        int floor;
        String reason;
        if (!honestSyncs || durableDamage) {
            floor = 0;
            reason = (durableDamage ? "durable bytes were damaged" : "a sync lied") + ", so any prefix";
        } else if (durability == Durability.FULL) {
            floor = Math.max(bounds.acknowledged(), bounds.seen());
            reason = bounds.acknowledged() + " acknowledged" + (bounds.newest() > bounds.acknowledged()
                    ? ", " + (bounds.newest() - bounds.acknowledged()) + " in flight or failed on I/O" : "")
                    + (bounds.seen() > bounds.acknowledged() ? ", commit " + bounds.seen() + " seen by a reader" : "");
        } else if (durability == Durability.NORMAL) {
            floor = bounds.checkpointed();
            reason = "NORMAL durability: " + bounds.checkpointed() + " made durable by a checkpoint, "
                    + bounds.acknowledged() + " acknowledged";
        } else {
            floor = 0;
            reason = "OFF durability: any prefix";
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
    public static Verdict recoverAndCheck(Vfs disk, EngineOptions options, History history, Expectation expected) {
        Database database;
        try {
            database = Database.open(disk, DB_PATH, options);
        } catch (CorruptDatabaseException e) {
            return refused(e, expected);
        } catch (IOException e) {
            return Verdict.broken(Rule.OPENS, expected.describe(), "open failed: " + e);
        } catch (PowerCutException e) {
            throw e; // a cut while recovering: the caller's crash, not the engine's error
        } catch (RuntimeException e) {
            return Verdict.broken(Rule.ENGINE_ERROR, "open to succeed or fail with an I/O error", "open threw " + e);
        }
        try (database) {
            return check(database, history, expected);
        } catch (IOException e) {
            return Verdict.broken(Rule.OPENS, expected.describe(), "reading the recovered database failed: " + e);
        }
    }

    /**
     * Judges an open database.
     *
     * @throws IOException an I/O error (not a corruption error) while reading it: no verdict, as
     *                     on a faulty disk the caller may simply try again
     */
    public static Verdict check(Database database, History history, Expectation expected) throws IOException {
        TableState found;
        try {
            List<IntegrityProblem> problems = database.checkIntegrity();
            if (expected.corruptionAllowed() && problems.stream().anyMatch(IntegrityProblem::isCorruption)) {
                // The damage was detected, so the engine refuses it rather than serving it. What else
                // the check reports follows from it (the pages below an unreadable one are reached
                // by nothing) and cannot be told apart from it.
                return new Verdict(null, -1, null);
            }
            if (!problems.isEmpty()) {
                return Verdict.broken(Rule.INTEGRITY, expected.corruptionAllowed()
                        ? "no problems, or damage detected as corruption" : "no problems",
                        problems.size() + " problem(s): " + IntegrityProblem.join(
                                problems.subList(0, Math.min(5, problems.size()))));
            }
            found = contents(database);
        } catch (CorruptDatabaseException e) {
            return refused(e, expected);
        } catch (PowerCutException e) {
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

    private static Verdict refused(CorruptDatabaseException e, Oracle.Expectation expected) {
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

    /** The table's contents as a new read transaction sees them. */
    public static TableState contents(Database database) throws IOException {
        try (ReadTransaction read = database.beginRead()) {
            return contents(read);
        }
    }

    /** The table's contents as {@code read} sees them. */
    public static TableState contents(ReadTransaction read) throws IOException {
        if (!read.hasTable(TABLE)) {
            return TableState.ABSENT;
        }
        TreeMap<Long, byte[]> rows = new TreeMap<>();
        Cursor cursor = read.table(TABLE).scan();
        while (cursor.next()) {
            rows.put(cursor.key(), cursor.value());
        }
        return TableState.of(rows);
    }
}
