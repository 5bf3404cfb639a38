package dev.crashbench.recovery.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.vfs.DiskModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recovery property of group commit ({@link Optimization#GROUP_COMMIT}): the default campaign
 * (every tier, every fault family, worst-case disk) at seed 1 with a small budget finds nothing on
 * the healthy engine with the option on, and its workloads really group commits (several in flight
 * at cuts, syncs shared, the frames of several commits gathered into one WAL write, so cuts tear
 * and drop such writes). Its negative controls: each unsafe variant of group commit fails the same
 * campaign, and the replay file written for the failure replays to the same rule.
 */
class GroupCommitRecoveryTest {
    private static final long SEED = 1;
    private static final Budget BUDGET = Budget.states(4_000);
    /**
     * At seed 1, unsafe_group_publish_before_sync is caught after 3,827 states, unsafe_group_ack_uncovered after
     * 756, unsafe_group_write_ack_before_sync after 497.
     */
    private static final Budget CONTROL_BUDGET = Budget.states(12_000).stoppingAtFirst(true);

    private static Target grouped(EngineOptions options) {
        return ReferenceTargets.of(options, DiskModel.WORST_CASE);
    }

    @Test
    void theHealthyEngineWithGroupCommitPassesAndGroupsCommits() {
        Exploration exploration = Campaign.standard(grouped(ReferenceTargets.torturedDefaults()
                .withOptimization(Optimization.GROUP_COMMIT, true)), SEED, BUDGET).run(e -> { }, System::nanoTime);
        assertEquals(BUDGET.maxStates(), exploration.statesChecked());
        assertEquals(0, exploration.found().size(), () -> exploration.found().get(0).violation().describe());
        assertTrue(exploration.events().get(EngineEvent.GROUPED_COMMIT.name()) > 0, exploration.events().snapshot().toString());
        assertTrue(exploration.events().get(EngineEvent.GROUPED_WRITE.name()) > 0, exploration.events().snapshot().toString());
    }

    @ParameterizedTest
    @EnumSource(value = UnsafeMutation.class, names = {"GROUP_ACK_UNCOVERED", "GROUP_PUBLISH_BEFORE_SYNC",
            "GROUP_WRITE_ACK_BEFORE_SYNC"})
    void eachUnsafeVariantFailsAndItsReplayFileReplays(UnsafeMutation mutation, @TempDir Path dir) throws Exception {
        EngineOptions options = MutationSelfTest.optionsFor(mutation);
        assertTrue(options.has(Optimization.GROUP_COMMIT), "the variant switches group commit on");
        Exploration exploration = Campaign.standard(grouped(options), SEED, CONTROL_BUDGET)
                .run(e -> { }, System::nanoTime);
        assertTrue(!exploration.found().isEmpty(), mutation.key() + " was not caught in " + CONTROL_BUDGET.maxStates()
                + " states");
        Found found = exploration.found().get(0);
        Path file = dir.resolve(mutation.key() + ".json");
        ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), file);
        assertTrue(Files.size(file) > 0);
        ReplayFile read = ReplayCodec.read(file);
        assertEquals("true", read.crashCase().engineOptions().get(mutation.key()));
        assertNotNull(CaseRunner.run(read.crashCase()), "the replay file reproduces a violation");
        assertEquals(found.violation().rule(), CaseRunner.run(read.crashCase()).rule(), "the file replays");
        System.out.printf("%s: caught after %d states: %s%n", mutation.key(), exploration.statesChecked(),
                found.violation().describe());
    }
}
