package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.Fault;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A fault injected at one step of a disk's trace: one entry of a replay file's fault list. */
public record StepFault(int step, Fault fault) {

    public StepFault {
        if (step < 0 || fault == null) {
            throw new IllegalArgumentException("a step fault needs a step >= 0 and a fault");
        }
    }

    public static List<StepFault> listOf(Map<Integer, Fault> byStep) {
        return new TreeMap<>(byStep).entrySet().stream().map(e -> new StepFault(e.getKey(), e.getValue())).toList();
    }

    public static Map<Integer, Fault> mapOf(List<StepFault> faults) {
        Map<Integer, Fault> out = new TreeMap<>();
        for (StepFault f : faults) {
            if (out.put(f.step(), f.fault()) != null) {
                throw new IllegalArgumentException("two faults at step " + f.step());
            }
        }
        return out;
    }
}
