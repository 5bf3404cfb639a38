package com.example.toykv;

import dev.crashbench.recovery.junit.CrashCampaign;

/**
 * The toy engine with its bug switched on: this campaign must fail. Its name keeps Surefire from
 * running it on its own; {@link ToyKvBugIsFoundTest} runs it and expects the failure.
 */
class ToyKvWithTheBug {
    @CrashCampaign(engine = ToyKvEngine.class, options = ToyKvEngine.FORGET_DIRECTORY_SYNC + "=true",
            states = ToyKvCrashTest.STATES, seed = 1)
    void survivesEveryTierAndFaultFamily() {
    }
}
