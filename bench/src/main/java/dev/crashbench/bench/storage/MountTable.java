package dev.crashbench.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts of this process's mount namespace, and which one holds a path. */
public final class MountTable {
    private static final Path PROC_MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final List<Mount> mounts;

    public MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /** Parses the text of a mountinfo file. */
    public static MountTable parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                mounts.add(Mount.parse(line));
            }
        }
        return new MountTable(mounts);
    }

    /** This process's mounts; empty where {@code /proc/self/mountinfo} is not readable (not Linux). */
    public static MountTable system() {
        try {
            return parse(Files.readString(PROC_MOUNTINFO));
        } catch (IOException | SecurityException e) {
            return new MountTable(List.of());
        }
    }

    /**
     * The mount that holds {@code absolutePath} (already resolved: no symbolic links): the one
     * with the longest mount point that is a prefix of it; the last such line wins, as the last
     * mount over a point hides the earlier ones.
     */
    public Optional<Mount> holding(Path absolutePath) {
        Mount best = null;
        int bestDepth = -1;
        for (Mount m : mounts) {
            Path point = Path.of(m.mountPoint());
            if (absolutePath.startsWith(point) && point.getNameCount() >= bestDepth) {
                best = m;
                bestDepth = point.getNameCount();
            }
        }
        return Optional.ofNullable(best);
    }
}
