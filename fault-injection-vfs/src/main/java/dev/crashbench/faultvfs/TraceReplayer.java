package dev.crashbench.faultvfs;

import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-runs recorded trace entries on a disk that starts where the recording disk started and
 * whose plan re-injects the recorded faults. Every step must end as it did when recorded;
 * a difference means the simulator is not deterministic, and fails loudly.
 */
final class TraceReplayer {
    private final SimDisk disk;
    private final Map<Integer, VfsFile> files = new HashMap<>();
    private final Map<Integer, MappedRegion> regions = new HashMap<>();

    TraceReplayer(SimDisk disk) {
        this.disk = disk;
    }

    void replay(List<TraceEntry> entries) {
        for (TraceEntry entry : entries) {
            if (disk.step() != entry.step()) {
                throw new IllegalStateException("replay expected step " + entry.step() + " but the disk is at step "
                        + disk.step());
            }
            Outcome outcome;
            try {
                outcome = Outcome.ok(run(entry));
            } catch (ErrnoException e) {
                outcome = Outcome.error(e.errno());
            } catch (PowerCutException e) {
                outcome = Outcome.CUT;
            } catch (IOException e) {
                throw new IllegalStateException("replay of step " + entry.step() + " failed: " + e, e);
            }
            if (!outcome.equals(entry.outcome())) {
                throw new IllegalStateException("replay diverged at step " + entry.step() + " (" + entry.describe()
                        + "): now " + outcome.describe());
            }
            if (outcome.kind() == Outcome.Kind.POWER_CUT) {
                return;
            }
        }
    }

    private long run(TraceEntry e) throws IOException {
        switch (e.kind()) {
            case OPEN -> {
                VfsFile file = disk.open(e.path(), e.options().toArray(new OpenOption[0]));
                files.put(e.step(), file);
                return e.step();
            }
            case CLOSE -> {
                file(e).close();
                return 0;
            }
            case READ -> {
                return file(e).read(e.offset(), ByteBuffer.allocate((int) e.length()));
            }
            case WRITE -> {
                return file(e).write(e.offset(), ByteBuffer.wrap(e.data()));
            }
            case SYNC -> {
                file(e).sync(SyncMode.values()[(int) e.length()]);
                return 0;
            }
            case TRUNCATE -> {
                file(e).truncate(e.length());
                return 0;
            }
            case SIZE -> {
                return file(e).size();
            }
            case ALLOCATE -> {
                file(e).allocate(e.length());
                return 0;
            }
            case MAP -> {
                regions.put(e.step(), file(e).map(e.offset(), (int) e.length()));
                return e.step();
            }
            case MAPPED_READ -> {
                ByteBuffer dst = ByteBuffer.allocate((int) e.length());
                region(e).read((int) e.offset(), dst);
                return dst.position();
            }
            case MAPPED_WRITE -> {
                region(e).write((int) e.offset(), ByteBuffer.wrap(e.data()));
                return e.data().length;
            }
            case MAPPED_SYNC -> {
                region(e).sync((int) e.offset(), (int) e.length());
                return 0;
            }
            case UNMAP -> {
                region(e).close();
                return 0;
            }
            case EXISTS -> {
                return disk.exists(e.path()) ? 1 : 0;
            }
            case DELETE -> {
                disk.delete(e.path());
                return 0;
            }
            case RENAME -> {
                disk.rename(e.path(), e.target());
                return 0;
            }
            case MKDIR -> {
                disk.createDirectory(e.path());
                return 0;
            }
            case SYNC_DIR -> {
                disk.syncDirectory(e.path());
                return 0;
            }
            case LIST -> {
                return disk.list(e.path()).size();
            }
        }
        throw new IllegalStateException("unknown op kind " + e.kind());
    }

    private VfsFile file(TraceEntry e) {
        VfsFile file = files.get(e.handle());
        if (file == null) {
            throw new IllegalStateException("step " + e.step() + " uses handle " + e.handle() + ", never opened");
        }
        return file;
    }

    private MappedRegion region(TraceEntry e) {
        MappedRegion region = regions.get(e.handle());
        if (region == null) {
            throw new IllegalStateException("step " + e.step() + " uses region " + e.handle() + ", never mapped");
        }
        return region;
    }
}
