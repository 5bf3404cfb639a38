package dev.crashbench.vfs;

/**
 * Rules for VFS paths: relative, {@code /}-separated, no empty, {@code .} or {@code ..}
 * segments, no leading or trailing slash. {@code ""} names the root directory.
 */
public final class VfsPaths {
    private VfsPaths() {
    }

    /** Returns {@code path} if it is valid, else throws {@link IllegalArgumentException} saying why. */
    public static String check(String path) {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (path.isEmpty()) {
            return path;
        }
        if (path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must be relative with no trailing slash: '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad segment '" + segment + "' in path '" + path + "'");
            }
            if (segment.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL in path '" + path + "'");
            }
        }
        return path;
    }

    /** The parent directory: {@code "a/b" -> "a"}, {@code "b" -> ""}. The root has no parent. */
    public static String parent(String path) {
        check(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the root directory has no parent");
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last segment: {@code "a/b" -> "b"}. */
    public static String name(String path) {
        check(path);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Joins a directory and a name: {@code ("", "b") -> "b"}, {@code ("a", "b") -> "a/b"}. */
    public static String join(String dir, String name) {
        return check(dir).isEmpty() ? check(name) : check(dir + "/" + name);
    }
}
