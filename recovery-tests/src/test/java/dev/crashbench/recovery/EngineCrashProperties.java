package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.FaultPlans;
import dev.crashbench.faultvfs.PowerCutException;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import java.io.IOException;
import java.util.List;
import java.util.NavigableMap;
import net.jqwik.api.Arbitrary;
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

    @Property(tries = 200)
    void acknowledgedCommitsSurviveAndNothingElseAppears(
            @ForAll("workloads") List<Op> ops,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cutChoice,
            @ForAll boolean midOp,
            @ForAll Policy policy,
            @ForAll @IntRange(min = 0, max = 1_000_000) int policySeed) throws IOException {
        long seed = 11;
        int steps = stepsOf(ops, seed);
        int cutStep = cutChoice % (steps + 1);

        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlans.powerCutAt(cutStep, midOp));
        ModelRun run = new ModelRun(disk, OPTIONS, false);
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

        try (Database recovered = Database.open(image.disk(), ModelRun.PATH, OPTIONS)) {
            assertEquals(List.of(), recovered.checkIntegrity(), "integrity after recovery");
            NavigableMap<Long, byte[]> found = ModelRun.contents(recovered);
            int acknowledged = run.acknowledged();
            int newestAllowed = acknowledged + (run.commitInFlight() ? 1 : 0);
            for (int commits = acknowledged; commits <= newestAllowed; commits++) {
                if (ModelRun.sameContents(run.state(commits), found)) {
                    return;
                }
            }
            fail("cut at step " + cutStep + " of " + steps + " (" + image.fates().size() + " pending ops, "
                    + policy + "): " + acknowledged + " commits acknowledged"
                    + (run.commitInFlight() ? ", one in flight" : "")
                    + "; expected " + ModelRun.summary(run.state(acknowledged))
                    + (run.commitInFlight() ? " or " + ModelRun.summary(run.state(acknowledged + 1)) : "")
                    + " but recovered " + ModelRun.summary(found));
        }
    }

    /** Steps the whole workload takes without faults, so the cut can land anywhere in it. */
    private static int stepsOf(List<Op> ops, long seed) throws IOException {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(seed), FaultPlan.NONE);
        try (ModelRun run = new ModelRun(disk, OPTIONS, false)) {
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
