package dev.crashbench.faultvfs;

import dev.crashbench.vfs.VfsPaths;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A namespace (path to file id, or to {@link #DIRECTORY}) and the content of every file id.
 * A {@link SimDisk} keeps two: what the running program sees, and what is durable. Files are
 * identified by id (an inode number) so data durability and name durability stay separate,
 * as they are on a real file system.
 */
final class DiskState {
    /** The namespace value of a directory. */
    static final long DIRECTORY = -1;

    final TreeMap<String, Long> names;
    final Map<Long, FileImage> files;

    DiskState() {
        this.names = new TreeMap<>();
        this.files = new HashMap<>();
        names.put("", DIRECTORY);
    }

    private DiskState(TreeMap<String, Long> names, Map<Long, FileImage> files) {
        this.names = names;
        this.files = files;
    }

    /** An independent copy; file pages are shared copy-on-write. */
    DiskState copy() {
        Map<Long, FileImage> filesCopy = new HashMap<>(files.size() * 2);
        for (Map.Entry<Long, FileImage> e : files.entrySet()) {
            filesCopy.put(e.getKey(), e.getValue().copy());
        }
        return new DiskState(new TreeMap<>(names), filesCopy);
    }

    /** The image of file {@code id}, created empty on first use. */
    FileImage file(long id) {
        return files.computeIfAbsent(id, k -> new FileImage());
    }

    boolean isDirectory(String path) {
        Long v = names.get(path);
        return v != null && v == DIRECTORY;
    }

    /** Sorted names of the direct children of {@code dir}. */
    List<String> children(String dir) {
        List<String> out = new ArrayList<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (String path : names.tailMap(prefix, false).keySet()) {
            if (!path.startsWith(prefix)) {
                break;
            }
            String rest = path.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                out.add(rest);
            }
        }
        return out;
    }

    /**
     * Drops names whose parent directory is missing (a create that survived a cut whose mkdir
     * did not) and files no name reaches: after a crash nothing can find them.
     */
    void pruneUnreachable() {
        Iterator<Map.Entry<String, Long>> it = names.entrySet().iterator();
        while (it.hasNext()) {
            String path = it.next().getKey();
            // Sorted order visits a parent before its children, so removals cascade.
            if (!path.isEmpty() && !isDirectory(VfsPaths.parent(path))) {
                it.remove();
            }
        }
        files.keySet().retainAll(new java.util.HashSet<>(names.values()));
    }

    /** The largest file id in use, or -1. */
    long maxFileId() {
        long max = -1;
        for (long id : files.keySet()) {
            max = Math.max(max, id);
        }
        for (long id : names.values()) {
            max = Math.max(max, id);
        }
        return max;
    }
}
