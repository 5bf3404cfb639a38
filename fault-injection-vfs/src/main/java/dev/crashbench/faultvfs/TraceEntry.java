package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;

import java.util.List;

/**
 * One step of a {@link SimDisk}'s op trace: which call, on what, with which injected fault,
 * and how it ended. Entries hold everything needed to re-run the step (including the bytes a
 * write wrote), so {@link SimDisk#rebuildBefore} can rebuild the disk at any step without the
 * workload that produced it.
 *
 * @param step    the step number
 * @param kind    the call
 * @param path    the file or directory it names
 * @param target  the new name of a rename, else {@code null}
 * @param handle  for calls on an open file, the step that opened it; for calls on a mapped
 *                region, the step that mapped it; else -1
 * @param offset  file offset (mapped calls: position in the region), else 0
 * @param length  byte count, the new size of a truncate or allocate, else 0
 * @param options the open options of an {@link OpKind#OPEN}, else empty
 * @param data    the bytes a write was asked to write, else {@code null}
 * @param fault   the fault injected at this step, or {@code null}
 * @param outcome how it ended
 */
public record TraceEntry(int step, OpKind kind, String path, String target, int handle, long offset, long length,
                         List<OpenOption> options, byte[] data, Fault fault, Outcome outcome) {

    public TraceEntry {
        options = List.copyOf(options);
    }

    /** One line: {@code 12 WRITE main.wal @4096 +4120 [short write of 100 bytes] -> ok 100}. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(step).append(' ').append(kind).append(' ').append(path);
        if (target != null) {
            sb.append(" -> ").append(target);
        }
        if (offset != 0 || length != 0) {
            sb.append(" @").append(offset).append(" +").append(length);
        }
        if (!options.isEmpty()) {
            sb.append(' ').append(options);
        }
        if (fault != null) {
            sb.append(" [").append(fault.describe()).append(']');
        }
        return sb.append(" => ").append(outcome.describe()).toString();
    }
}
