package dev.crashbench.faultvfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The numbered steps a {@link SimDisk} has executed, in order; entry i is step i. */
public final class OpTrace {
    private final List<TraceEntry> entries = new ArrayList<>();

    void add(TraceEntry entry) {
        if (entry.step() != entries.size()) {
            throw new IllegalStateException("trace entry for step " + entry.step() + " but " + entries.size()
                    + " steps recorded");
        }
        entries.add(entry);
    }

    /** A read-only view of the entries so far. */
    public List<TraceEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public int size() {
        return entries.size();
    }

    public TraceEntry get(int step) {
        return entries.get(step);
    }

    /** Every injected fault by step: the plan's decisions, for replay files. */
    public Map<Integer, Fault> faults() {
        Map<Integer, Fault> out = new TreeMap<>();
        for (TraceEntry e : entries) {
            if (e.fault() != null) {
                out.put(e.step(), e.fault());
            }
        }
        return out;
    }

    /** The whole trace, one step per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (TraceEntry e : entries) {
            sb.append(e.describe()).append('\n');
        }
        return sb.toString();
    }
}
