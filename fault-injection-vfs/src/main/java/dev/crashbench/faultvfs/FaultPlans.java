package dev.crashbench.faultvfs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Small plans and a way to combine them. */
public final class FaultPlans {
    private FaultPlans() {
    }

    /** Cuts the power at {@code step}: before the call, or with {@code midOp} during it. */
    public static FaultPlan powerCutAt(int step, boolean midOp) {
        return named(c -> c.step() == step ? Optional.of(new Fault.PowerCut(midOp)) : Optional.empty(),
                "power cut " + (midOp ? "during" : "before") + " step " + step);
    }

    /** Every sync lies: a drive with a volatile cache that ignores flushes. */
    public static FaultPlan lyingSyncs() {
        return named(c -> c.syncs() ? Optional.of(new Fault.LyingSync()) : Optional.empty(),
                "every sync lies");
    }

    /** The disk is full from step {@code from} (inclusive) to {@code to} (exclusive); then space comes back. */
    public static FaultPlan diskFullBetween(int from, int to) {
        return named(c -> c.step() >= from && c.step() < to && c.needsSpace()
                        ? Optional.of(new Fault.NoSpace()) : Optional.empty(),
                "disk full during steps [" + from + ", " + to + ")");
    }

    /** At each step, the first of {@code plans} that injects a fault wins. */
    public static FaultPlan firstOf(FaultPlan... plans) {
        List<FaultPlan> list = Arrays.asList(plans.clone());
        StringBuilder name = new StringBuilder();
        for (FaultPlan p : list) {
            name.append(name.length() == 0 ? "" : ", then ").append(p.describe());
        }
        return named(c -> {
            for (FaultPlan p : list) {
                Optional<Fault> f = p.decide(c);
                if (f.isPresent()) {
                    return f;
                }
            }
            return Optional.empty();
        }, name.toString());
    }

    private static FaultPlan named(FaultPlan plan, String description) {
        return new FaultPlan() {
            @Override
            public Optional<Fault> decide(OpContext context) {
                return plan.decide(context);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
