package dev.crashbench.recovery.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * What the program did, as the oracle needs it: the model state after each commit that may have
 * become durable, and what the program was told about each. Commit numbers count those commits
 * from 1; state 0 is the database before its first commit (no table).
 *
 * <p>A commit the engine refused ({@link CommitOutcome#FAILED}) gets no number: nothing of it may
 * appear, and the next commit builds on the state before it. An {@link CommitOutcome#INDETERMINATE}
 * commit keeps its number until a restart shows whether it became durable
 * ({@link #resolveIndeterminate}).
 *
 * <p>Several commits may be in flight at once (group commit: appended, each waiting for a sync
 * that covers it), each with its own number and acknowledged on its own, in any order. State k
 * is still the model after commits 1..k, so a recovered state that matches one has no hole.
 * What a reader saw outside a write transaction counts too ({@link #readSaw}): a reader must
 * never see a commit before it is durable, so a crash must recover at least that far.
 */
public final class History {
    private final List<TableState> states = new ArrayList<>(List.of(TableState.ABSENT));
    private final List<CommitOutcome> outcomes = new ArrayList<>(List.of(CommitOutcome.ACKED));
    private int failedCommits;
    private int checkpointed;
    private int seen;

    /**
     * An independent copy holding the same states (shared: they are immutable) and outcomes, for a
     * crash state judged on another thread while the program goes on and changes this history.
     */
    public History copy() {
        History copy = new History();
        copy.states.clear();
        copy.states.addAll(states);
        copy.outcomes.clear();
        copy.outcomes.addAll(outcomes);
        copy.failedCommits = failedCommits;
        copy.checkpointed = checkpointed;
        copy.seen = seen;
        return copy;
    }

    /**
     * A commit is about to be attempted and would leave {@code state}: it is in flight. Returns its
     * number.
     */
    public int commitStarted(TableState state) {
        states.add(state);
        outcomes.add(CommitOutcome.INDETERMINATE);
        return last();
    }

    /** The newest commit in flight returned. */
    public void commitAcknowledged() {
        commitAcknowledged(last());
    }

    /** Commit {@code commit}, in flight, was acknowledged (its sync returned). */
    public void commitAcknowledged(int commit) {
        outcomes.set(commit, CommitOutcome.ACKED);
    }

    /** The newest commit in flight failed on an I/O error: it stays indeterminate. */
    public void commitIndeterminate() {
        commitIndeterminate(last());
    }

    /** Commit {@code commit}, in flight, failed on an I/O error: it stays indeterminate. */
    public void commitIndeterminate(int commit) {
        outcomes.set(commit, CommitOutcome.INDETERMINATE);
    }

    /**
     * A reader outside any write transaction saw the state after commit {@code commit} or a later
     * one: with FULL durability a crash from now on must recover at least that far (readers see
     * durable commits only).
     */
    public void readSaw(int commit) {
        seen = Math.max(seen, commit);
    }

    /** The newest commit a reader is known to have seen; 0 when none. */
    public int seen() {
        return seen;
    }

    /** The engine refused the commit in flight before writing anything: it is dropped. */
    public void commitFailed() {
        states.remove(last());
        outcomes.remove(outcomes.size() - 1);
        failedCommits++;
    }

    /** An explicit checkpoint returned: every commit so far is durable whatever the durability mode. */
    public void checkpointReturned() {
        checkpointed = lastAcknowledged();
    }

    /**
     * A restart found state {@code found}: every indeterminate commit up to it became durable, and
     * every one past it did not (they are dropped, the program builds on what it found).
     */
    public void resolveIndeterminate(int found) {
        for (int i = last(); i > found; i--) {
            if (outcomes.get(i) != CommitOutcome.INDETERMINATE) {
                throw new IllegalStateException("commit " + i + " is " + outcomes.get(i) + ", past the state found");
            }
            states.remove(i);
            outcomes.remove(i);
        }
        for (int i = 1; i <= found; i++) {
            outcomes.set(i, CommitOutcome.ACKED);
        }
    }

    public TableState state(int commit) {
        return states.get(commit);
    }

    public CommitOutcome outcome(int commit) {
        return outcomes.get(commit);
    }

    /** The newest commit number (in flight, indeterminate or acknowledged). */
    public int last() {
        return states.size() - 1;
    }

    /** The newest acknowledged commit; 0 when none. */
    public int lastAcknowledged() {
        for (int i = last(); i > 0; i--) {
            if (outcomes.get(i) == CommitOutcome.ACKED) {
                return i;
            }
        }
        return 0;
    }

    /** The commits an explicit checkpoint made durable. */
    public int checkpointed() {
        return checkpointed;
    }

    public int failedCommits() {
        return failedCommits;
    }

    /** The bounds as they are now, for a crash taken at this moment. */
    public Bounds bounds() {
        return new Bounds(last(), lastAcknowledged(), checkpointed, seen);
    }

    /**
     * What a crash at one moment may recover: states {@code floor..newest}, the floor set by
     * durability and the faults (see {@link Oracle#expectation}).
     *
     * @param newest       the newest commit attempted
     * @param acknowledged the newest acknowledged commit
     * @param checkpointed the newest commit an explicit checkpoint made durable
     * @param seen         the newest commit a reader saw (see {@link #readSaw})
     */
    public record Bounds(int newest, int acknowledged, int checkpointed, int seen) {
    }
}
