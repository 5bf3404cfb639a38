package dev.crashbench.vfs.local;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.Vfs;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsPaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The real {@link Vfs}: files in a directory of the local file system, reached through libc
 * ({@link Backend#JNA}) or {@code java.nio} ({@link Backend#NIO}).
 *
 * <p>VFS paths resolve under the root directory given at construction. Every operating-system
 * failure is an {@link ErrnoException} that keeps the errno. {@code exists}, {@code delete},
 * {@code list} and {@code createDirectory} use {@code java.nio.file.Files} with either backend;
 * file I/O, {@code rename} and {@code syncDirectory} go through the backend.
 *
 * <p>Disk model: a real device's guarantees cannot be checked from user space, so the default is
 * {@link DiskModel#WORST_CASE}, which promises nothing the engine could wrongly rely on. Declare
 * {@link DiskModel#SSD_4K} or another model with {@link #at(Path, DiskModel)} when the device is
 * known.
 *
 * <p>Deleting or renaming the root itself fails with {@link Errno#EBUSY}, as {@code rmdir("/")}
 * does; creating it fails with {@link Errno#EEXIST}, as {@code mkdir("/")} does.
 */
public final class LocalVfs implements Vfs {
    /** What {@link #at(Path)} declares: no guarantees. */
    public static final DiskModel DEFAULT_DISK_MODEL = DiskModel.WORST_CASE;

    private final Path root;
    private final DiskModel diskModel;
    private final LocalIo io;
    private final String fileSystemType;

    private LocalVfs(Path root, DiskModel diskModel, LocalIo io) {
        this.root = root;
        this.diskModel = diskModel;
        this.io = io;
        this.fileSystemType = FileSystemType.of(root);
    }

    /** A VFS rooted at {@code root}, with {@link #DEFAULT_DISK_MODEL} and {@link Backend#preferred()}. */
    public static LocalVfs at(Path root) throws IOException {
        return at(root, DEFAULT_DISK_MODEL, Backend.preferred());
    }

    /** A VFS rooted at {@code root} declaring {@code diskModel}, with {@link Backend#preferred()}. */
    public static LocalVfs at(Path root, DiskModel diskModel) throws IOException {
        return at(root, diskModel, Backend.preferred());
    }

    /**
     * A VFS rooted at {@code root}, an existing directory, declaring {@code diskModel} and using
     * exactly {@code backend}.
     *
     * @throws ErrnoException         {@link Errno#ENOENT} or {@link Errno#ENOTDIR} when the root is no directory
     * @throws IllegalStateException  when {@code backend} is {@link Backend#JNA} and JNA did not load;
     *                                there is no silent fallback
     */
    public static LocalVfs at(Path root, DiskModel diskModel, Backend backend) throws IOException {
        Objects.requireNonNull(diskModel, "diskModel");
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new ErrnoException(Errno.ENOENT, "open", absolute.toString(), "VFS root does not exist");
        }
        if (!Files.isDirectory(absolute)) {
            throw new ErrnoException(Errno.ENOTDIR, "open", absolute.toString(), "VFS root is not a directory");
        }
        LocalIo io = switch (backend) {
            case JNA -> JnaIo.create();
            case NIO -> new NioIo();
        };
        return new LocalVfs(absolute, diskModel, io);
    }

    /** The root directory, absolute. */
    public Path root() {
        return root;
    }

    /** The backend in use. */
    public Backend backend() {
        return io.backend();
    }

    /** The root's file system type, e.g. {@code ext4}; see {@link FileSystemType}. */
    public String fileSystemType() {
        return fileSystemType;
    }

    /** The real path a VFS path names. */
    public Path resolve(String path) {
        return VfsPaths.check(path).isEmpty() ? root : root.resolve(path);
    }

    @Override
    public VfsFile open(String path, OpenOption... options) throws IOException {
        OpenMode mode = OpenMode.of(options);
        Path file = resolve(path);
        LocalIo.Handle handle = io.open(file, path, mode);
        if (mode.readOnly() && Files.isDirectory(file)) {
            // open(2) lets O_RDONLY open a directory; a VfsFile is a regular file.
            handle.close();
            throw new ErrnoException(Errno.EISDIR, "open", path, null);
        }
        return new LocalFile(path, file, handle, mode.readOnly());
    }

    /**
     * Whether {@code stat(2)} finds {@code path} (following symbolic links). Only
     * {@link Errno#ENOENT} and {@link Errno#ENOTDIR} (a parent is a file) mean "no"; any other
     * failure, e.g. {@link Errno#EACCES} or {@link Errno#EIO}, is thrown, because the path may well
     * exist and answering false would invite the caller to recreate or skip it.
     */
    @Override
    public boolean exists(String path) throws ErrnoException {
        try {
            Files.readAttributes(resolve(path), BasicFileAttributes.class);
            return true;
        } catch (IOException e) {
            ErrnoException failure = NioErrors.toErrno(e, "stat", path);
            if (failure.errno() == Errno.ENOENT || failure.errno() == Errno.ENOTDIR) {
                return false;
            }
            throw failure;
        }
    }

    @Override
    public void delete(String path) throws IOException {
        rejectRoot(path, "delete");
        try {
            Files.delete(resolve(path));
        } catch (IOException e) {
            throw NioErrors.toErrno(e, "delete", path);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        rejectRoot(from, "rename");
        rejectRoot(to, "rename");
        io.rename(resolve(from), resolve(to), from, to);
    }

    @Override
    public void createDirectory(String path) throws IOException {
        try {
            Files.createDirectory(resolve(path));
        } catch (IOException e) {
            throw NioErrors.toErrno(e, "mkdir", path);
        }
    }

    @Override
    public void syncDirectory(String path) throws IOException {
        io.syncDirectory(resolve(path), path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(path))) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw NioErrors.toErrno(e, "readdir", path);
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public DiskModel diskModel() {
        return diskModel;
    }

    @Override
    public String describe() {
        return "local file system at " + root + " (backend " + io.backend().id() + ", fs " + fileSystemType
                + ", declared disk: " + diskModel.describe() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void rejectRoot(String path, String operation) throws ErrnoException {
        if (VfsPaths.check(path).isEmpty()) {
            throw new ErrnoException(Errno.EBUSY, operation, path, "the VFS root cannot be changed");
        }
    }
}
