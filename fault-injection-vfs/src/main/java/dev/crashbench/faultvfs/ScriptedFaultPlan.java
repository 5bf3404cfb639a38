package dev.crashbench.faultvfs;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A plan that injects exactly the given fault at each given step: what replays use. */
public final class ScriptedFaultPlan implements FaultPlan {
    private final Map<Integer, Fault> faultsByStep;

    public ScriptedFaultPlan(Map<Integer, Fault> faultsByStep) {
        this.faultsByStep = new TreeMap<>(faultsByStep);
    }

    /** The plan that re-injects every fault recorded in {@code trace}. */
    public static ScriptedFaultPlan fromTrace(OpTrace trace) {
        return new ScriptedFaultPlan(trace.faults());
    }

    public Map<Integer, Fault> faults() {
        return java.util.Collections.unmodifiableMap(faultsByStep);
    }

    @Override
    public Optional<Fault> decide(OpContext context) {
        return Optional.ofNullable(faultsByStep.get(context.step()));
    }

    @Override
    public String describe() {
        return "scripted " + faultsByStep.size() + " fault(s)";
    }
}
