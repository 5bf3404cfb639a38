package dev.crashbench.recovery.explore;

import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.TableState;
import dev.crashbench.spi.CommitHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The commits a runner has appended with group commit and not yet awaited, oldest first: each
 * its number in the {@link History}, its handle and the model state after it.
 */
final class InFlightCommits {
    private record InFlight(int commit, CommitHandle ticket, TableState state) {
    }

    private final List<InFlight> waiting = new ArrayList<>();

    void add(int commit, CommitHandle ticket, TableState state) {
        waiting.add(new InFlight(commit, ticket, state));
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    int size() {
        return waiting.size();
    }

    /** The state after the newest commit in flight: what the next transaction builds on. */
    TableState newestState() {
        return waiting.get(waiting.size() - 1).state();
    }

    /**
     * Awaits every commit in flight, the {@code first}-th (0 = the oldest) first, then the rest
     * oldest first, recording each in {@code history} as acknowledged when its await returns.
     * Returns the state after the newest. An I/O error leaves the rest indeterminate; the caller
     * restarts and {@link #forget}s them.
     */
    TableState awaitAll(int first, History history) throws IOException {
        TableState newest = newestState();
        await(waiting.get(first), history);
        for (int i = 0; i < waiting.size(); i++) {
            if (i != first) {
                await(waiting.get(i), history);
            }
        }
        waiting.clear();
        return newest;
    }

    private static void await(InFlight commit, History history) throws IOException {
        commit.ticket().await();
        history.commitAcknowledged(commit.commit());
    }

    /** Drops the commits in flight (a restart): they stay indeterminate until the restart resolves them. */
    void forget() {
        waiting.clear();
    }
}
