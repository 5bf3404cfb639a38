package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.ContentHash;
import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.DiskHasher;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.TableState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdicts of the crash states of one run of a workload, by what decides them, so that a
 * state identical to one already checked reuses its verdict instead of recovering again. Many
 * states are identical: a cut before a read leaves what a cut after it leaves; keeping a write
 * that a later kept write overwrites leaves what losing it leaves; losing everything at two cuts
 * with no sync between them leaves the same durable bytes.
 *
 * <p>A verdict depends on the crash image (the recovery is deterministic: the engine and the
 * simulated disk take no input but the image's bytes; the image disk's own seed only tears writes
 * at a cut of that disk, and nothing cuts it here), on the engine's options and the disk's
 * model (fixed for a run), on the {@link Oracle.Expectation} (the accepted commit range, why, and
 * whether a corruption error is accepted), and on the model states the recovered table is
 * compared with: commits {@code floor..newest} of the history. Those states are keyed by the
 * states themselves ({@link TableState} has no content equality, so by identity): within a run a
 * commit number can come to stand for another state (a commit the engine refused is dropped and
 * the next one takes its number), and then the key differs.
 *
 * <p>Images are keyed by their 128-bit {@link ContentHash}, not compared byte by byte. Two
 * different images collide with a probability of about 2^-128 per pair; a run checks a few
 * thousand states, so the chance that one run reuses a wrong verdict is below 10^-30, and below
 * 10^-20 over a billion runs: far below the rate at which the machine itself flips a bit. The
 * hash ({@link dev.crashbench.faultvfs.DiskHasher}) is not cryptographic, which would matter only
 * against bytes crafted to collide, and nothing here crafts them.
 *
 * <p>Only passing verdicts are worth reusing as they are: a violation's message describes the
 * whole history as it is when it is found, which the run may have changed since, so a state
 * whose twin failed is recovered again for its own message (violations are rare).
 *
 * @param <V> what is remembered per state (the verdict, or a handle on it while it is computed)
 */
final class VerdictCache<V> {
    /** What decides a verdict, the options and disk model of the run aside. */
    record Key(ContentHash image, Oracle.Expectation expected, List<TableState> candidates) {
    }

    private final DiskHasher hasher = new DiskHasher();
    private final Map<Key, V> first = new HashMap<>();

    /**
     * The key of a state: {@code image}, just built from {@code crashed} and untouched, judged
     * against {@code history} (which must not change any more).
     */
    Key keyOf(SimDisk crashed, CrashImage image, History history, Oracle.Expectation expected) {
        // Building the image shared the crashed disk's durable pages with it: from now on they never
        // change in place, so their hashes can be remembered for every later image (see DiskHasher).
        hasher.remember(crashed);
        List<TableState> candidates = new ArrayList<>(expected.newest() - expected.floor() + 1);
        for (int k = expected.floor(); k <= expected.newest(); k++) {
            candidates.add(history.state(k));
        }
        return new Key(hasher.hash(image), expected, candidates);
    }

    /** What was remembered for an identical state, or null. */
    V get(Key key) {
        return first.get(key);
    }

    void put(Key key, V value) {
        first.putIfAbsent(key, value);
    }
}
