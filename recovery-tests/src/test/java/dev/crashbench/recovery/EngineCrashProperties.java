package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.Durability;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.FaultPlans;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.workload.Op;
import java.io.IOException;
import java.util.List;
import java.util.NavigableMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The first crash property (the full oracle and explorer come later): run a random workload in
 * FULL durability on a worst-case SimDisk, cut the power at a random step, let a random survival
 * policy decide which unsynced writes reach the disk (torn ones included), recover. The recovered
 * table must be the model after every acknowledged commit, or after the one commit in flight at
 * the cut as well; never anything in between, before, or beyond, and never a damaged tree.
 */
class EngineCrashProperties {
    /** Small WAL and checkpoint interval, so short workloads cross checkpoints and WAL resets. */
    static final EngineOptions OPTIONS = EngineOptions.defaults()
            .withCacheSizePages(16)
            .withAutoCheckpointFrames(12)
            .withWalPreallocatedFrames(8);

    enum Policy { LOSE_ALL, KEEP_ALL, KEEP_PREFIX, RANDOM }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void acknowledgedCommitsSurviveAndNothingElseAppears(
            @ForAll("workloads") List<Op> ops,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cutChoice,
            @ForAll boolean midOp,
            @ForAll Policy policy,
            @ForAll @IntRange(min = 0, max = 1_000_000) int policySeed) throws IOException {
        crashAndCheck(OPTIONS, ops, cutChoice, midOp, policy, policySeed);
    }

    /**
     * NORMAL durability syncs only at checkpoints: a cut may take back acknowledged commits, but
     * only back to the last explicit checkpoint, and only as a whole prefix of the commit sequence.
     */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void normalDurabilityRecoversAPrefixNoOlderThanTheLastCheckpoint(
            @ForAll("workloads") List<Op> ops,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cutChoice,
            @ForAll boolean midOp,
            @ForAll Policy policy,
            @ForAll @IntRange(min = 0, max = 1_000_000) int policySeed) throws IOException {
        crashAndCheck(OPTIONS.withDurability(Durability.NORMAL), ops, cutChoice, midOp, policy, policySeed);
    }

    private static void crashAndCheck(
            EngineOptions options, List<Op> ops, int cutChoice, boolean midOp, Policy policy, int policySeed)
            throws IOException {
        long seed = 11;
        int steps = stepsOf(options, ops, seed);
        int cutStep = cutChoice % (steps + 1);

        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlans.powerCutAt(cutStep, midOp));
        ModelRun run = new ModelRun(disk, options, false);
        try {
            run.start();
            for (Op op : ops) {
                run.apply(op);
            }
        } catch (PowerCutException expected) {
            // the run is dead; only the disk's crash image matters now
        }
        if (!disk.isPowerCut()) {
            disk.cutPower();
        }
        int pending = disk.pendingOps().size();
        CrashImage image = disk.crashImage(survival(policy, policySeed, pending));

        try (Database recovered = Database.open(image.disk(), ModelRun.PATH, options)) {
            assertEquals(List.of(), recovered.checkIntegrity(), "integrity after recovery");
            NavigableMap<Long, byte[]> found = ModelRun.contents(recovered);
            int acknowledged = run.acknowledged();
            int newestAllowed = acknowledged + (run.commitInFlight() ? 1 : 0);
            int oldestAllowed = options.durability() == Durability.FULL ? acknowledged : run.checkpointedCommits();
            for (int commits = oldestAllowed; commits <= newestAllowed; commits++) {
                if (ModelRun.sameContents(run.state(commits), found)) {
                    return;
                }
            }
            fail("cut at step " + cutStep + " of " + steps + " (" + image.fates().size() + " pending ops, "
                    + policy + "): " + acknowledged + " commits acknowledged"
                    + (run.commitInFlight() ? ", one in flight" : "") + ", durability " + options.durability()
                    + "; expected the state after " + oldestAllowed + ".." + newestAllowed + " commits, the newest being "
                    + ModelRun.summary(run.state(newestAllowed))
                    + " but recovered " + ModelRun.summary(found));
        }
    }

    /** Steps the whole workload takes without faults, so the cut can land anywhere in it. */
    private static int stepsOf(EngineOptions options, List<Op> ops, long seed) throws IOException {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlan.NONE);
        try (ModelRun run = new ModelRun(disk, options, false)) {
            run.start();
            for (Op op : ops) {
                run.apply(op);
            }
        }
        return disk.step();
    }

    private static Survival survival(Policy policy, int seed, int pending) {
        return switch (policy) {
            case LOSE_ALL -> new Survival.LoseAll();
            case KEEP_ALL -> new Survival.KeepAll();
            case KEEP_PREFIX -> new Survival.KeepPrefix(seed % (pending + 1));
            case RANDOM -> new Survival.Random(seed, 0.5, 0.3);
        };
    }

    @Provide
    Arbitrary<List<Op>> workloads() {
        return Workloads.workload(true, 30);
    }
}
