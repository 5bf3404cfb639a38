package dev.crashbench.recovery.workload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload: the ops run against one table, in order. The runner creates the table in a first
 * commit of its own before the ops start, so commit 1 is always "the empty table".
 */
public record Workload(List<Op> ops) {

    @JsonCreator
    public Workload(@JsonProperty("ops") List<Op> ops) {
        if (ops == null) {
            throw new IllegalArgumentException("a workload needs an ops list (it may be empty)");
        }
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) == null) {
                throw new IllegalArgumentException("op " + i + " of the workload is null");
            }
        }
        this.ops = List.copyOf(ops);
    }

    public int size() {
        return ops.size();
    }

    /** How many {@link Op.Commit} and {@link Op.Checkpoint} ops it has (an upper bound on its commits). */
    public int commitOps() {
        int n = 0;
        for (Op op : ops) {
            if (op instanceof Op.Commit || op instanceof Op.Checkpoint) {
                n++;
            }
        }
        return n;
    }

    /** This workload without the ops in {@code [from, to)}. */
    public Workload without(int from, int to) {
        List<Op> out = new ArrayList<>(ops.subList(0, from));
        out.addAll(ops.subList(to, ops.size()));
        return new Workload(out);
    }
}
