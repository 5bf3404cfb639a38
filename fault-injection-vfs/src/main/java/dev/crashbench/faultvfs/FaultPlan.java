package dev.crashbench.faultvfs;

import java.util.Optional;

/**
 * Decides, for each step of a {@link SimDisk}, which fault (if any) strikes it. A plan must be
 * a pure function of its own seed and the {@link OpContext}: never the wall clock, never
 * thread timing. Every decision is recorded in the op trace, so
 * {@link ScriptedFaultPlan#fromTrace} can replay any plan exactly.
 */
@FunctionalInterface
public interface FaultPlan {

    /** The plan that injects nothing. */
    FaultPlan NONE = context -> Optional.empty();

    Optional<Fault> decide(OpContext context);

    /**
     * One line for reports and replay files. Plans written as lambdas have no stable class name,
     * so the default says only what kind of plan it is.
     */
    default String describe() {
        return this == NONE ? "no faults" : "custom fault plan";
    }
}
