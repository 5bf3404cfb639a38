package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.Seeds;

/**
 * How many steps the background checkpointer takes after each op of a workload run (engine option
 * {@code background_checkpoint}, driven by a {@link dev.crashbench.engine.pager.SteppedCheckpoints}).
 * A pure function of a named seed stream, the op's index and the commits acknowledged so far, so a
 * replay of the same case takes the same steps at the same places; no clock, no thread.
 *
 * <p>The mix: after about a third of the ops no step, mostly one to three (a pass of a few pages
 * then spans several commits, and cuts land between its page copies), and now and then enough to
 * finish whatever pass is in progress.
 */
final class BackgroundSteps {
    /** The seed stream of these decisions (apart from every other stream of the explorer). */
    static final long STREAM = 0x6267636B70744CL; // "bgckptL"
    /** Steps that finish any pass of the tortured sizes. */
    static final int TO_THE_END = 64;

    private BackgroundSteps() {
    }

    /** The steps to take after op {@code opIndex}, with {@code acknowledged} commits acknowledged. */
    static int after(int opIndex, int acknowledged) {
        int pick = (int) Long.remainderUnsigned(Seeds.mix(STREAM, opIndex, acknowledged), 16);
        if (pick < 5) {
            return 0;
        }
        if (pick < 14) {
            return 1 + (pick - 5) / 3;
        }
        return TO_THE_END;
    }
}
