package dev.crashbench.vfs.local;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Every failure of {@link LocalVfs} is an {@link ErrnoException} with the right errno, on both backends. */
class LocalVfsErrorsTest {

    private static ErrnoException expectErrno(Errno errno, Executable call) {
        ErrnoException e = assertThrows(ErrnoException.class, call);
        assertEquals(errno, e.errno(), e.getMessage());
        assertEquals(errno.code(), e.code());
        return e;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void openingAMissingFileIsEnoent(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "enoent");
        ErrnoException e = expectErrno(Errno.ENOENT, () -> vfs.open("missing"));
        assertEquals("open", e.operation());
        assertEquals("missing", e.path());
        expectErrno(Errno.ENOENT, () -> vfs.open("missing", OpenOption.READ_ONLY));
        expectErrno(Errno.ENOENT, () -> vfs.open("no-dir/f", OpenOption.CREATE));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createNewOnAnExistingFileIsEexist(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "eexist");
        vfs.open("f", OpenOption.CREATE_NEW).close();
        expectErrno(Errno.EEXIST, () -> vfs.open("f", OpenOption.CREATE_NEW));
        expectErrno(Errno.EEXIST, () -> vfs.open("f", OpenOption.CREATE_NEW, OpenOption.READ_ONLY));
        expectErrno(Errno.EEXIST, () -> vfs.createDirectory("f"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void writesThroughAReadOnlyHandleAreEbadf(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "ebadf");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.writeFully(0, Bytes.heap("abc"));
        }
        try (VfsFile ro = vfs.open("f", OpenOption.READ_ONLY)) {
            expectErrno(Errno.EBADF, () -> ro.write(0, Bytes.heap("x")));
            expectErrno(Errno.EBADF, () -> ro.truncate(0));
            expectErrno(Errno.EBADF, () -> ro.allocate(4096));
            assertEquals(3, ro.size(), "the rejected calls changed nothing");
            assertEquals(3, ro.read(0, ByteBuffer.allocate(3)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deletingANonEmptyDirectoryIsEnotemptyAndAMissingPathEnoent(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "enotempty");
        vfs.createDirectory("d");
        vfs.open("d/f", OpenOption.CREATE).close();
        expectErrno(Errno.ENOTEMPTY, () -> vfs.delete("d"));
        expectErrno(Errno.ENOENT, () -> vfs.delete("nothing"));
        vfs.delete("d/f");
        vfs.delete("d");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void renameErrorsKeepTheKernelsErrno(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "rename-errors");
        ErrnoException e = expectErrno(Errno.ENOENT, () -> vfs.rename("missing", "x"));
        assertEquals("rename", e.operation());
        assertEquals("missing -> x", e.path());
        vfs.createDirectory("d");
        vfs.open("d/f", OpenOption.CREATE).close();
        vfs.createDirectory("e");
        vfs.open("e/g", OpenOption.CREATE).close();
        expectErrno(Errno.ENOTEMPTY, () -> vfs.rename("e", "d"));
        vfs.open("file", OpenOption.CREATE).close();
        expectErrno(Errno.EISDIR, () -> vfs.rename("file", "d"));
        expectErrno(Errno.ENOTDIR, () -> vfs.rename("d", "file"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void directoryCallsOnWrongTargetsFail(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "dir-errors");
        expectErrno(Errno.ENOENT, () -> vfs.list("missing"));
        expectErrno(Errno.ENOENT, () -> vfs.syncDirectory("missing"));
        expectErrno(Errno.ENOENT, () -> vfs.createDirectory("a/b"));
        vfs.open("f", OpenOption.CREATE).close();
        expectErrno(Errno.ENOTDIR, () -> vfs.list("f"));
        expectErrno(Errno.ENOTDIR, () -> vfs.syncDirectory("f"));
        vfs.createDirectory("d");
        expectErrno(Errno.EISDIR, () -> vfs.open("d"));
        expectErrno(Errno.EISDIR, () -> vfs.open("d", OpenOption.READ_ONLY));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void mappingOutsideTheFileIsEinvalAndDoesNotGrowIt(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-einval");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.truncate(8192);
            ErrnoException e = expectErrno(Errno.EINVAL, () -> f.map(4096, 4097));
            assertEquals("mmap", e.operation());
            expectErrno(Errno.EINVAL, () -> f.map(8192, 1));
            expectErrno(Errno.EINVAL, () -> f.map(-1, 10));
            expectErrno(Errno.EINVAL, () -> f.map(0, -1));
            assertEquals(8192, f.size(), "a rejected map must not extend the file");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void mappingZeroBytesIsEinvalAsMmapSaysOnLinux(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "map-zero");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            f.truncate(8192);
            ErrnoException e = expectErrno(Errno.EINVAL, () -> f.map(0, 0));
            assertEquals("mmap", e.operation());
            expectErrno(Errno.EINVAL, () -> f.map(4096, 0));
            expectErrno(Errno.EINVAL, () -> f.map(8192, 0));
        }
        try (VfsFile empty = vfs.open("empty", OpenOption.CREATE)) {
            expectErrno(Errno.EINVAL, () -> empty.map(0, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pathsThroughARegularFileAreEnotdirAndDoNotExist(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "through-file");
        vfs.open("f", OpenOption.CREATE).close();
        expectErrno(Errno.ENOTDIR, () -> vfs.open("f/x"));
        expectErrno(Errno.ENOTDIR, () -> vfs.open("f/x", OpenOption.CREATE));
        expectErrno(Errno.ENOTDIR, () -> vfs.open("f/x", OpenOption.CREATE_NEW));
        expectErrno(Errno.ENOTDIR, () -> vfs.open("f/x", OpenOption.READ_ONLY));
        expectErrno(Errno.ENOTDIR, () -> vfs.open("f/x", OpenOption.CREATE, OpenOption.READ_ONLY));
        expectErrno(Errno.ENOTDIR, () -> vfs.open("f/x/y", OpenOption.CREATE));
        ErrnoException e = expectErrno(Errno.ENOTDIR, () -> vfs.createDirectory("f/x"));
        assertEquals("mkdir", e.operation());
        assertEquals("f/x", e.path());
        assertFalse(vfs.exists("f/x"), "stat(2) gives ENOTDIR here, which means the path is not there");
        assertFalse(vfs.exists("f/x/y"));
        assertEquals(List.of("f"), vfs.list(""), "nothing was created");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void existsIsFalseOnlyForEnoentAndEnotdirAndThrowsOtherErrors(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "exists-errors");
        assertFalse(vfs.exists("missing"));
        assertFalse(vfs.exists("missing/x"));
        Files.createSymbolicLink(vfs.resolve("dangling"), vfs.resolve("missing"));
        assertFalse(vfs.exists("dangling"), "exists follows links, as stat(2) does");
        // ENAMETOOLONG stands in for EACCES and EIO, which cannot be provoked here (see below).
        ErrnoException e = expectErrno(Errno.ENAMETOOLONG, () -> vfs.exists("n".repeat(300)));
        assertEquals("stat", e.operation());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void existsThrowsEaccesUnderADirectoryWithoutSearchPermission(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "exists-eacces");
        vfs.createDirectory("locked");
        Path locked = vfs.resolve("locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            // root (CAP_DAC_OVERRIDE) searches any directory, so there stat(2) never gives EACCES.
            assumeFalse(Files.isExecutable(locked), "running as root: permission bits are not enforced");
            expectErrno(Errno.EACCES, () -> vfs.exists("locked/x"));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void negativeOffsetsAndSizesAreEinval(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "negative");
        try (VfsFile f = vfs.open("f", OpenOption.CREATE)) {
            expectErrno(Errno.EINVAL, () -> f.read(-1, ByteBuffer.allocate(1)));
            expectErrno(Errno.EINVAL, () -> f.write(-1, Bytes.heap("x")));
            expectErrno(Errno.EINVAL, () -> f.truncate(-1));
            expectErrno(Errno.EINVAL, () -> f.allocate(-1));
            expectErrno(Errno.EINVAL, () -> f.readFully(0, ByteBuffer.allocate(1)));
            assertThrows(ReadOnlyBufferException.class, () -> f.read(0, ByteBuffer.allocate(1).asReadOnlyBuffer()));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRootCannotBeDeletedRenamedOrCreated(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "root");
        expectErrno(Errno.EBUSY, () -> vfs.delete(""));
        expectErrno(Errno.EBUSY, () -> vfs.rename("", "x"));
        expectErrno(Errno.EBUSY, () -> vfs.rename("x", ""));
        expectErrno(Errno.EEXIST, () -> vfs.createDirectory(""));
        assertTrue(Files.isDirectory(vfs.root()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invalidPathsAreRejectedBeforeTouchingTheDisk(Backend backend) throws IOException {
        LocalVfs vfs = LocalVfsTest.vfs(backend, "bad-paths");
        assertThrows(IllegalArgumentException.class, () -> vfs.open("../escape", OpenOption.CREATE));
        assertThrows(IllegalArgumentException.class, () -> vfs.open("/etc/passwd", OpenOption.READ_ONLY));
        assertThrows(IllegalArgumentException.class, () -> vfs.exists("a//b"));
        assertThrows(IllegalArgumentException.class, () -> vfs.delete("a/"));
        assertThrows(IllegalArgumentException.class, () -> vfs.rename("a", "./b"));
        assertTrue(Files.notExists(vfs.root().resolveSibling("escape")));
    }

    @Test
    void aRootThatIsMissingOrNotADirectoryIsRejected() throws IOException {
        Path dir = TestDirs.fresh("bad-root");
        expectErrno(Errno.ENOENT, () -> LocalVfs.at(dir.resolve("missing")));
        Path file = Files.createFile(dir.resolve("file"));
        expectErrno(Errno.ENOTDIR, () -> LocalVfs.at(file, DiskModel.WORST_CASE, Backend.NIO));
    }
}
