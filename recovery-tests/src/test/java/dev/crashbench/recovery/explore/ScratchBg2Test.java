package dev.crashbench.recovery.explore;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.vfs.DiskModel;
import org.junit.jupiter.api.Test;

class ScratchBg2Test {
    @Test
    void scratch() {
        EngineOptions o = Target.torturedDefaults().withMutation(UnsafeMutation.BACKGROUND_IGNORES_READERS);
        int found = 0;
        for (int seed = 0; seed < Integer.getInteger("bg.seeds", 300); seed++) {
            SimDisk disk = new SimDisk(new SimDiskConfig(DiskModel.WORST_CASE, seed, Long.MAX_VALUE), FaultPlan.NONE);
            try (WorkloadRunner r = new WorkloadRunner(disk, o)) {
                Violation v = r.run(WorkloadGenerator.DEFAULT.generate(seed));
                if (v != null) { found++; if (found < 3) System.out.println(seed + " " + v.describe()); }
                if (seed < 5) System.out.println(r.events().snapshot());
            }
        }
        System.out.println("found " + found);
    }
}
