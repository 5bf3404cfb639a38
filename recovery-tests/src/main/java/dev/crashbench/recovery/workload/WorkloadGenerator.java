package dev.crashbench.recovery.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates workloads from a seed: transactions of a few writes over a small key range (so ops
 * collide and pages split and merge), values of every size class (inline, near the inline limit,
 * overflow chains), with rollbacks, checkpoints, clean restarts and reads mixed in. The same seed
 * and shape give the same workload on every machine.
 *
 * @param commits        transactions that end in a commit (the rest of the shape is drawn per seed)
 * @param maxWritesPerTx writes per transaction, drawn from 1..this
 * @param keyRange       keys are drawn from 0..keyRange-1
 */
public record WorkloadGenerator(int commits, int maxWritesPerTx, int keyRange) {

    /** The default: 20 commits of up to 4 writes over 48 keys. */
    public static final WorkloadGenerator DEFAULT = new WorkloadGenerator(20, 4, 48);

    public WorkloadGenerator {
        if (commits < 1 || maxWritesPerTx < 1 || keyRange < 1) {
            throw new IllegalArgumentException("commits, writes per transaction and key range must be positive");
        }
    }

    public Workload generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>();
        int committed = 0;
        while (committed < commits) {
            int writes = 1 + random.nextInt(maxWritesPerTx);
            for (int i = 0; i < writes; i++) {
                long key = random.nextInt(keyRange);
                int kind = random.nextInt(10);
                if (kind < 7) {
                    ops.add(new Op.Put(key, valueSize(random), random.nextInt(1 << 16)));
                } else if (kind < 9) {
                    ops.add(new Op.Delete(key));
                } else {
                    ops.add(new Op.Read(key));
                }
            }
            if (random.nextInt(8) == 0) {
                ops.add(new Op.Rollback());
                continue;
            }
            ops.add(new Op.Commit());
            committed++;
            int after = random.nextInt(20);
            if (after < 2) {
                ops.add(new Op.Checkpoint());
            } else if (after == 2) {
                ops.add(new Op.Reopen());
            } else if (after < 7) {
                ops.add(new Op.Read(random.nextInt(keyRange)));
            }
        }
        return new Workload(ops);
    }

    /** Mostly small values, some near the 1,024-byte inline limit, a few spilling to overflow pages. */
    private static int valueSize(SplittableRandom random) {
        int sizeClass = random.nextInt(16);
        if (sizeClass < 12) {
            return random.nextInt(65);
        }
        if (sizeClass < 15) {
            return 900 + random.nextInt(250);
        }
        return 4_000 + random.nextInt(6_000);
    }
}
