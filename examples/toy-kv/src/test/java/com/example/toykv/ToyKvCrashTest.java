package com.example.toykv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.junit.CrashCampaign;
import dev.crashbench.recovery.property.FaultDraw;
import dev.crashbench.recovery.property.FaultDraws;
import dev.crashbench.recovery.property.FaultFamilyTrial;
import dev.crashbench.recovery.property.WorkloadArbitraries;
import dev.crashbench.recovery.workload.Workload;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.vfs.DiskModel;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The toy engine with its bug fixed (the default options) survives crashbench: a campaign of
 * every tier and fault family, and a jqwik property of power cuts over shrinkable workloads.
 */
class ToyKvCrashTest {
    static final int STATES = 3_000;

    @CrashCampaign(engine = ToyKvEngine.class, states = STATES, seed = 1)
    void survivesEveryTierAndFaultFamily(Exploration exploration) {
        assertEquals(STATES, exploration.statesChecked(), "a clean campaign spends its whole budget");
    }

    @Property(tries = 200, seed = "1")
    void survivesPowerCuts(@ForAll("workloads") Workload workload, @ForAll("powerCuts") FaultDraw cut) {
        survives("", workload, cut);
    }

    /**
     * The property's body, on the engine with {@code options}: a failure names the rule, the
     * replay file and the command that replays it. A cut must fall before the end of the run in
     * a good share of the tries, or the property would pass without testing anything.
     */
    static void survives(String options, Workload workload, FaultDraw cut) {
        FaultFamilyTrial.Outcome outcome = FaultFamilyTrial.check("toy-kv-power",
                new Target(new ToyKvEngine().configure(options), DiskModel.WORST_CASE), workload, cut);
        Statistics.label("cut before the end").collect(outcome.struck() > 0);
        Statistics.label("cut before the end").coverage(c -> c.check(true).percentage(p -> p >= 30));
    }

    @Provide
    Arbitrary<Workload> workloads() {
        return WorkloadArbitraries.shapedLike(WorkloadGenerator.DEFAULT);
    }

    @Provide
    Arbitrary<FaultDraw> powerCuts() {
        return FaultDraws.of(FaultFamily.POWER);
    }
}
