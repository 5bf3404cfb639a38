package dev.crashbench.recovery;

import dev.crashbench.recovery.reference.ReferenceEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.IntegrityProblem;
import dev.crashbench.faultvfs.CrashImage;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.PendingOp;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.explore.WorkloadRunner;
import dev.crashbench.recovery.oracle.History;
import dev.crashbench.recovery.oracle.Oracle;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.Op;
import dev.crashbench.recovery.workload.Workload;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The crash explorer's first finding on the healthy engine (campaign seed 1, tortured defaults,
 * 40,000 states): a checkpoint's sync of the database file lied, the WAL reset that followed was
 * honest and retired the frames, and the cut kept the new header page but not every page the
 * checkpoint copied home. Every page verified; the integrity check saw leaked pages and the table
 * read as no commit's state. No write-ahead protocol survives a sync that lies about the only
 * copy, so the engine must detect it: the integrity check now reads every page the header
 * counts (here the new pages are missing from the file) and checks that they add up to the
 * page digest the WAL header recorded ({@code IntegrityCheckTest} has a stale page that only the
 * digest exposes); either is corruption, detected damage, which a lying sync allows.
 */
class LostWriteDetectionTest {
    private static final EngineOptions OPTIONS = EngineOptions.defaults().withWalPreallocatedFrames(8);

    @Test
    void aCheckpointWhoseDatabaseSyncLiedLeavesDetectedCorruptionNotASilentMix() throws IOException {
        int[] homeSyncs = {0};
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(31), context -> {
            if (context.kind() == OpKind.SYNC && context.path().equals(Oracle.DB_PATH) && ++homeSyncs[0] == 2) {
                return Optional.of(new Fault.LyingSync());
            }
            return Optional.empty();
        });
        Workload workload = new Workload(List.of(
                new Op.Put(1, 2_000, 1), new Op.Put(2, 50, 2), new Op.Commit(), new Op.Checkpoint(),
                new Op.Put(1, 9_000, 3), new Op.Put(3, 60, 4), new Op.Commit(), new Op.Checkpoint()));
        WorkloadRunner runner = new WorkloadRunner(disk, ReferenceEngine.with(OPTIONS));
        assertNull(runner.run(workload));
        assertEquals(2, homeSyncs[0], "the second checkpoint's sync of the database file lied");
        disk.cutPower();
        List<PendingOp> pending = disk.pendingOps();
        assertTrue(pending.size() > 2 && pending.stream().allMatch(op -> op.path().equals(Oracle.DB_PATH)),
                "only the second checkpoint's writes home are pending: " + pending);
        // The header page (written first) reaches the platter, the pages it now describes do not.
        Survival keepHeaderOnly = new Survival.KeepSubset(Set.of(0));
        History history = runner.history();
        List<StepFault> faults = StepFault.listOf(disk.trace().faults());
        Violation v = CaseRunner.judge(disk, keepHeaderOnly.decide(pending, disk.diskModel()), history,
                history.bounds(), ReferenceEngine.with(OPTIONS), faults, null);
        assertNull(v, () -> "a lost write must be detected: " + v.describe());

        // Detected either at open (the header counts pages the file does not hold) or by the integrity check.
        CrashImage image = disk.crashImage(keepHeaderOnly);
        try (Database recovered = Database.open(image.disk(), Oracle.DB_PATH, OPTIONS)) {
            List<IntegrityProblem> problems = recovered.checkIntegrity();
            assertTrue(problems.stream().anyMatch(IntegrityProblem::isCorruption), problems.toString());
        } catch (dev.crashbench.engine.CorruptDatabaseException refused) {
            assertTrue(refused.getMessage().contains("pages"), refused.getMessage());
        }
    }
}
