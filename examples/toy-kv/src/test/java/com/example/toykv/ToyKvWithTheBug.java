package com.example.toykv;

import dev.crashbench.recovery.junit.CrashCampaign;
import dev.crashbench.recovery.property.FaultDraw;
import dev.crashbench.recovery.workload.Workload;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The toy engine with its bug switched on: this campaign and this property must fail. Its name keeps Surefire from
 * running it on its own; {@link ToyKvBugIsFoundTest} runs it and expects the failure.
 */
class ToyKvWithTheBug {
    @CrashCampaign(engine = ToyKvEngine.class, options = ToyKvEngine.FORGET_DIRECTORY_SYNC + "=true",
            states = ToyKvCrashTest.STATES, seed = 1)
    void survivesEveryTierAndFaultFamily() {
    }

    @Property(tries = 200, seed = "1")
    void survivesPowerCuts(@ForAll("workloads") Workload workload, @ForAll("powerCuts") FaultDraw cut) {
        ToyKvCrashTest.survives(ToyKvEngine.FORGET_DIRECTORY_SYNC + "=true", workload, cut);
    }

    @Provide
    Arbitrary<Workload> workloads() {
        return new ToyKvCrashTest().workloads();
    }

    @Provide
    Arbitrary<FaultDraw> powerCuts() {
        return new ToyKvCrashTest().powerCuts();
    }
}
