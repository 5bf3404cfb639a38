package dev.crashbench.faultvfs;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@link DiskAction}s run against: a VFS, {@link DiskAction#HANDLE_SLOTS} handle slots and
 * {@link DiskAction#REGION_SLOTS} mapped-region slots. Also the whole-disk chores the
 * properties share: walking the namespace and syncing everything.
 */
final class Rig {
    /** How often a call that fails with EIO is retried before the test gives up. */
    private static final int ATTEMPTS = 64;

    private final Vfs vfs;
    private final VfsFile[] handles = new VfsFile[DiskAction.HANDLE_SLOTS];
    private final MappedRegion[] regions = new MappedRegion[DiskAction.REGION_SLOTS];
    /** The handle each mapped region was mapped through. */

    private Rig(Vfs vfs) {
        this.vfs = vfs;
    }

    /**
     * Creates {@code f0..f2} (or opens them when they exist) into slots 0..2 and syncs the root
     * directory, so the names are durable and short scripts have files to work on. Calls that
     * fail with EIO are retried.
     */
    static Rig start(Vfs vfs) throws IOException {
        Rig rig = new Rig(vfs);
        for (int i = 0; i < DiskAction.ROOT_FILES; i++) {
            String name = DiskAction.fileName(i);
            rig.handles[i] = retry(() -> vfs.open(name, OpenOption.CREATE));
        }
        retry(() -> {
            vfs.syncDirectory(""); // the names of f0..f2 survive a cut
            return null;
        });
        return rig;
    }

    /** A rig with every slot empty. */
    static Rig empty(Vfs vfs) {
        return new Rig(vfs);
    }

    Vfs vfs() {
        return vfs;
    }

    /** The handle in {@code slot}, or null. */
    VfsFile handle(int slot) {
        return handles[slot];
    }

    /** Closes the slot's handle, if any, and puts {@code file} (maybe null) there. */
    void setHandle(int slot, VfsFile file) throws IOException {
        VfsFile old = handles[slot];
        handles[slot] = null;
        if (old != null) {
            old.close();
        }
        handles[slot] = file;
    }

    MappedRegion region(int slot) {
        return regions[slot];
    }

    /** Unmaps the region slot, if mapped, and puts {@code region} (maybe null) there. */
    void setRegion(int slot, MappedRegion region) throws IOException {
        MappedRegion old = regions[slot];
        regions[slot] = null;
        if (old != null) {
            old.close();
        }
        regions[slot] = region;
    }

    /**
     * Runs {@code actions} in order. A call that fails with an errno (injected, or the answer to
     * a rename of a missing file, say) ends its action and the script carries on, as an engine
     * that handles errors would. A power cut propagates.
     */
    void runAll(List<DiskAction> actions) throws IOException {
        for (DiskAction action : actions) {
            try {
                action.run(this);
            } catch (ErrnoException expected) {
                // the workload goes on
            }
        }
    }

    /** Unmaps every region and closes every handle. */
    void closeAll() throws IOException {
        for (int i = 0; i < regions.length; i++) {
            setRegion(i, null);
        }
        for (int i = 0; i < handles.length; i++) {
            setHandle(i, null);
        }
    }

    // ------------------------------------------------------------------ whole-disk chores

    /** A VFS call that may fail with EIO. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    /** Runs {@code call}, again after each EIO (an injected fault at that step); any other error propagates. */
    static <T> T retry(IoCall<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EIO || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Every live name below the root, in sorted order, mapped to whether it is a directory. */
    static TreeMap<String, Boolean> walk(Vfs vfs) throws IOException {
        TreeMap<String, Boolean> out = new TreeMap<>();
        List<String> dirs = new ArrayList<>(List.of(""));
        while (!dirs.isEmpty()) {
            String dir = dirs.remove(dirs.size() - 1);
            for (String child : retry(() -> vfs.list(dir))) {
                String path = VfsPaths.join(dir, child);
                boolean isDir = DiskAction.DIRECTORIES.contains(path);
                out.put(path, isDir);
                if (isDir) {
                    dirs.add(path);
                }
            }
        }
        return out;
    }

    /**
     * Syncs every open handle, every live file (opened by name, synced and closed again) and
     * every live directory, retrying calls that fail with EIO. Returns the ids of the live files:
     * after this, nothing of theirs may be pending.
     */
    Set<Long> syncEverything(SimDisk disk) throws IOException {
        for (VfsFile file : handles) {
            if (file != null) {
                retry(() -> {
                    file.sync(SyncMode.FULL); // a deleted but open file too
                    return null;
                });
            }
        }
        TreeMap<String, Boolean> names = walk(disk);
        Set<Long> liveIds = new HashSet<>();
        for (var e : names.entrySet()) {
            if (!e.getValue()) {
                try (VfsFile file = retry(() -> disk.open(e.getKey()))) {
                    retry(() -> {
                        file.sync(SyncMode.FULL); // the file's data and size survive a cut
                        return null;
                    });
                    liveIds.add(((SimFile) file).fileId());
                }
            }
        }
        List<String> dirs = new ArrayList<>(List.of(""));
        names.forEach((path, isDir) -> {
            if (isDir) {
                dirs.add(path);
            }
        });
        for (String dir : dirs) {
            retry(() -> {
                disk.syncDirectory(dir); // the entries of the directory survive a cut
                return null;
            });
        }
        return liveIds;
    }
}
