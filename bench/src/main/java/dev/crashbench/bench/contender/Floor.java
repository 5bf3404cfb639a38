package dev.crashbench.bench.contender;

import dev.crashbench.bench.Workload;
import dev.crashbench.bench.measure.FloorProbe;
import dev.crashbench.vfs.local.Backend;
import java.util.EnumSet;
import java.util.Set;

/**
 * The physical floor: a 4 KiB positional write plus {@code sync(DATA)} at a fixed offset of a
 * preallocated, already-written file, through the engine's real VFS. No engine can commit durably
 * for less on this disk, so every commit figure gets its ratio to this one.
 *
 * @param backend the real VFS backend (the one the reference engine uses)
 */
public record Floor(Backend backend) implements Contender {

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String settings() {
        return (FloorProbe.BLOCK_BYTES / 1024) + " KiB pwrite + sync(DATA) at offset " + FloorProbe.OFFSET
                + " of a preallocated " + (FloorProbe.FILE_BYTES >> 20) + " MiB file, " + backend.id() + " backend";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public boolean gated() {
        return false;
    }

    @Override
    public Set<Workload> workloads() {
        return EnumSet.of(Workload.COMMIT);
    }
}
