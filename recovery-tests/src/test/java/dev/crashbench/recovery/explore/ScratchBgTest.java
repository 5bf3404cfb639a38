package dev.crashbench.recovery.explore;

import dev.crashbench.engine.Optimization;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.vfs.DiskModel;
import org.junit.jupiter.api.Test;

class ScratchBgTest {
    @Test
    void scratch() {
        Target t = new Target(Target.torturedDefaults().withOptimization(Optimization.BACKGROUND_CHECKPOINT, true), DiskModel.WORST_CASE);
        Exploration e = Campaign.standard(t, 1, Budget.states(40_000)).run(x -> { }, System::nanoTime);
        System.out.println("healthy: states=" + e.statesChecked() + " found=" + e.found().size() + " events=" + e.events().snapshot()
                + (e.found().isEmpty() ? "" : " " + e.found().get(0).violation().describe()));
        MutationSelfTest st = new MutationSelfTest(1, Budget.states(12_000), System::nanoTime);
        for (UnsafeMutation m : UnsafeMutation.values()) {
            if (m.requires().isEmpty()) continue;
            MutationSelfTest.Outcome o = st.runMutation(m, new MutationSelfTest.Listener() {
                public void started(String n) { }
                public void finished(MutationSelfTest.Outcome o) { }
            });
            System.out.println(m.key() + " detected=" + o.detected() + " states=" + o.states() + " "
                    + (o.found() == null ? "" : o.found().reproduced() + " " + o.found().violation().describe()));
        }
    }
}
