package dev.crashbench.recovery.h2;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.store.fs.FilePath;

/**
 * H2's {@link FilePath} over a crashbench {@code Vfs}: a name {@code simdisk:/<id>/a/b} is the
 * path {@code a/b} of the disk registered as {@link H2Disk} {@code <id>}, and
 * {@code simdisk:/<id>} is that disk's root directory.
 *
 * <h2>What each method does (as H2's own {@code FilePathDisk} does on a real file system)</h2>
 * <ul>
 *   <li>{@link #open}: {@code "r"} → {@link OpenOption#READ_ONLY}; {@code "rw"} →
 *       {@link OpenOption#CREATE}; {@code "rws"}/{@code "rwd"} add {@link OpenOption#DSYNC}. The file
 *       is a {@link VfsFileChannel}.</li>
 *   <li>{@link #moveTo}: {@code Vfs.rename}, and no directory sync: {@code FilePathDisk} does
 *       none, nor does it sync the directory after creating a file, so neither does this class.
 *       A directory sync H2 does not ask for would hide what a power cut does to H2 on a real
 *       disk.</li>
 *   <li>{@link #createFile}, {@link #delete} (missing is fine), {@link #createDirectory},
 *       {@link #newDirectoryStream} (a missing directory lists empty), {@link #exists}.</li>
 *   <li>{@link #isDirectory}: the {@code Vfs} has no stat, so a name is a directory when it can be
 *       listed ({@code ENOTDIR} says it is a file).</li>
 *   <li>{@link #size}: when {@link #isRegularFile}, open read-only, size, close; 0 otherwise, as
 *       H2 expects.</li>
 *   <li>{@link #lastModified}: 0. The {@code Vfs} keeps no times, and a time would come from the
 *       wall clock; H2 reads it only for its {@code FILE_LOCK=FILE} watchdog, which
 *       {@link H2OnVfs} turns off.</li>
 *   <li>{@link #canWrite}: whether the file exists (the {@code Vfs} has no permissions);
 *       {@link #setReadOnly}: refused ({@code false}) for the same reason.</li>
 *   <li>{@link #createTempFile}: a counter per disk instead of H2's random number, so names repeat
 *       from run to run.</li>
 * </ul>
 *
 * <p>Errors: an {@link ErrnoException} of the {@code Vfs} reaches H2 as the {@code IOException}
 * its file layer expects ({@code open}, and every {@link VfsFileChannel} call), or as H2's own
 * {@code DbException} from the methods that cannot throw one, as {@code FilePathDisk} does. An
 * unchecked exception (a SimDisk power cut) is kept by the {@link H2Disk} and passed on
 * unchanged.
 */
final class VfsFilePath extends FilePath {
    private static final String PREFIX = H2Disk.SCHEME + ":/";

    /** Null for the instance registered with H2, which only makes paths. */
    private final H2Disk disk;
    /** The path inside the disk; {@code ""} for its root. */
    private final String vfsPath;

    /** The provider H2 keeps in its registry. */
    VfsFilePath() {
        this.disk = null;
        this.vfsPath = null;
    }

    private VfsFilePath(H2Disk disk, String vfsPath) {
        this.disk = disk;
        this.vfsPath = VfsPaths.check(vfsPath);
        this.name = nameOf(disk.id(), vfsPath);
    }

    static String nameOf(long diskId, String vfsPath) {
        VfsPaths.check(vfsPath);
        return PREFIX + diskId + (vfsPath.isEmpty() ? "" : "/" + vfsPath);
    }

    @Override
    public String getScheme() {
        return H2Disk.SCHEME;
    }

    /**
     * Parses {@code simdisk:/<id>/path}: empty and {@code .} segments drop out, {@code ..} goes up
     * (never above the disk's root).
     *
     * @throws IllegalArgumentException for a name without a disk id
     * @throws IllegalStateException    for an id with no registered disk
     */
    @Override
    public VfsFilePath getPath(String path) {
        String normalized = path.replace('\\', '/');
        if (!normalized.startsWith(H2Disk.SCHEME + ":")) {
            throw new IllegalArgumentException("not a " + H2Disk.SCHEME + " name: " + path);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : normalized.substring(H2Disk.SCHEME.length() + 1).split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.size() > 1) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no disk id in " + path + "; names look like " + PREFIX + "<id>/db");
        }
        long id;
        try {
            id = Long.parseLong(segments.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the disk id in " + path + " is not a number", e);
        }
        return new VfsFilePath(H2Disk.lookup(id), String.join("/", segments.subList(1, segments.size())));
    }

    @Override
    public long size() {
        try {
            if (!isRegularFile()) {
                return 0;
            }
            return disk.io(() -> {
                try (VfsFile file = disk.vfs().open(vfsPath, OpenOption.READ_ONLY)) {
                    return file.size();
                }
            });
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
        VfsFilePath target = sameDisk(newName);
        try {
            if (!exists()) {
                throw DbException.get(ErrorCode.FILE_RENAME_FAILED_2, name + " (not found)", target.name);
            }
            if (!atomicReplace && target.exists()) {
                throw DbException.get(ErrorCode.FILE_RENAME_FAILED_2, name, target.name + " (exists)");
            }
            disk.io(() -> disk.vfs().rename(vfsPath, target.vfsPath));
        } catch (IOException e) {
            throw DbException.get(ErrorCode.FILE_RENAME_FAILED_2, e, name, target.name);
        }
    }

    private VfsFilePath sameDisk(FilePath other) {
        if (!(other instanceof VfsFilePath p) || p.disk != disk) {
            throw new IllegalArgumentException("cannot move " + name + " to another disk: " + other);
        }
        return p;
    }

    @Override
    public boolean createFile() {
        try {
            disk.io(() -> disk.vfs().open(vfsPath, OpenOption.CREATE_NEW).close());
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw DbException.convertIOException(e, name);
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public boolean exists() {
        try {
            return vfsPath.isEmpty() || disk.io(() -> disk.vfs().exists(vfsPath));
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public void delete() {
        try {
            if (exists()) {
                disk.io(() -> disk.vfs().delete(vfsPath));
            }
        } catch (IOException e) {
            throw DbException.get(ErrorCode.FILE_DELETE_FAILED_1, e, name);
        }
    }

    @Override
    public List<FilePath> newDirectoryStream() {
        try {
            List<FilePath> out = new ArrayList<>();
            for (String entry : disk.io(() -> disk.vfs().list(vfsPath))) {
                out.add(new VfsFilePath(disk, VfsPaths.join(vfsPath, entry)));
            }
            return out;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return List.of();
            }
            throw DbException.convertIOException(e, name);
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public VfsFilePath toRealPath() {
        return this;
    }

    @Override
    public VfsFilePath getParent() {
        return vfsPath.isEmpty() ? null : new VfsFilePath(disk, VfsPaths.parent(vfsPath));
    }

    @Override
    public boolean isDirectory() {
        if (vfsPath.isEmpty()) {
            return true;
        }
        try {
            disk.io(() -> disk.vfs().list(vfsPath));
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOTDIR || e.errno() == Errno.ENOENT) {
                return false;
            }
            throw DbException.convertIOException(e, name);
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public boolean isRegularFile() {
        return exists() && !isDirectory();
    }

    @Override
    public boolean isAbsolute() {
        return true;
    }

    @Override
    public long lastModified() {
        return 0;
    }

    @Override
    public boolean canWrite() {
        return exists();
    }

    @Override
    public void createDirectory() {
        try {
            disk.io(() -> disk.vfs().createDirectory(vfsPath));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EEXIST) {
                throw DbException.get(ErrorCode.FILE_CREATION_FAILED_1,
                        name + " (a file with this name already exists)");
            }
            throw DbException.convertIOException(e, name);
        } catch (IOException e) {
            throw DbException.convertIOException(e, name);
        }
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        OpenOption[] options = switch (mode) {
            case "r" -> new OpenOption[] {OpenOption.READ_ONLY};
            case "rw" -> new OpenOption[] {OpenOption.CREATE};
            case "rws", "rwd" -> new OpenOption[] {OpenOption.CREATE, OpenOption.DSYNC};
            default -> throw new IllegalArgumentException("unknown open mode '" + mode + "' for " + name);
        };
        VfsFile file = disk.io(() -> disk.vfs().open(vfsPath, options));
        return new VfsFileChannel(disk, file, mode.equals("r"));
    }

    @Override
    public boolean setReadOnly() {
        return false;
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        while (true) {
            VfsFilePath p = getPath(name + "." + disk.nextTempFile() + suffix);
            if (p.createFile()) {
                return p;
            }
        }
    }
}
