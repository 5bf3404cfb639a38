package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.vfs.DiskModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A clean close writes the close frame and its witness, cuts the WAL to its live frames and syncs
 * the cut; the next opening preallocates again before it writes. Every cut of a workload that
 * closes and reopens over a WAL tail, over a reset WAL, and after reopening over a cut one, with
 * every bounded survival pattern of what was pending (exhaustive, worst-case disk), recovers every
 * acknowledged commit and nothing else (at NORMAL durability, a prefix no older than the last
 * checkpoint): with full frames, delta frames, and each other way of writing the WAL, with group
 * commit and with background checkpoints. (A close that cut the WAL one frame short, tried by
 * hand, fails every one of them: the cut is synced, so it takes an acknowledged commit with it.)
 */
class CleanCloseCrashTest {

    private static Workload closesAndReopens() {
        List<Op> ops = new ArrayList<>();
        int salt = 0;
        for (int round = 0; round < 3; round++) {
            for (int commit = 0; commit < 3; commit++) {
                ops.add(new Op.Begin());
                ops.add(new Op.Put(commit, 40 + 10 * round, ++salt));
                ops.add(new Op.Put(10 + round, 30, ++salt));
                ops.add(new Op.Commit());
            }
            ops.add(new Op.Reopen()); // over a WAL tail: close frame, witness, cut
            if (round == 1) {
                ops.add(new Op.Checkpoint());
                ops.add(new Op.Reopen()); // over a reset WAL: cut to its header, preallocated at the next write
            }
        }
        return new Workload(ops);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"durability=full", "durability=normal", "delta_frames=true", "wal_mmap=true",
            "wal_dsync=true", "group_commit=true", "background_checkpoint=true"})
    void everyCutAroundACleanCloseRecoversEveryAcknowledgedCommit(String option) {
        int eq = option.indexOf('=');
        EngineOptions options = ReferenceTargets.torturedDefaults().with(option.substring(0, eq), option.substring(eq + 1));
        Exploration exploration = new Exploration(Budget.states(2_000_000), e -> { }, System::nanoTime);
        new ExhaustiveExplorer(ReferenceTargets.of(options, DiskModel.WORST_CASE)).explore(closesAndReopens(), 3, exploration);
        System.out.printf("clean close, %s: %d crash states in %.2f s%n", option, exploration.statesChecked(),
                exploration.seconds());
        assertEquals(List.of(), exploration.found());
        // O_DSYNC leaves few writes pending, so few survival patterns: 634 states, the others about 3,000 to 6,000.
        assertTrue(exploration.statesChecked() > 500, "states " + exploration.statesChecked());
    }
}
