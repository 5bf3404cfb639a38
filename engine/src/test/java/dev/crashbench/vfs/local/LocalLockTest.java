package dev.crashbench.vfs.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.FileLockedException;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.VfsLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real VFS's lock, per backend: held by one handle, refused to every other, released by close. */
class LocalLockTest {
    private static final long SELF = ProcessHandle.current().pid();

    private static LocalVfs vfs(Backend backend, Path dir) throws IOException {
        assumeTrue(backend != Backend.JNA || Backend.jnaAvailable(), "JNA did not load");
        return LocalVfs.at(dir, LocalVfs.DEFAULT_DISK_MODEL, backend);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSecondHandleIsRefusedNamingTheFileAndThisProcess(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, TestDirs.fresh("lock-refused-" + backend.id()));
        try (VfsFile first = vfs.open("db", OpenOption.CREATE); VfsFile second = vfs.open("db")) {
            VfsLock lock = first.tryLockExclusive();
            assertEquals("db", lock.path());
            FileLockedException refused = assertThrows(FileLockedException.class, second::tryLockExclusive);
            assertEquals(Errno.EAGAIN, refused.errno());
            assertEquals("db", refused.path());
            assertEquals(OptionalLong.of(SELF), refused.holderPid(), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + SELF), refused.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void closingTheHolderReleasesTheLock(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, TestDirs.fresh("lock-close-" + backend.id()));
        try (VfsFile second = vfs.open("db", OpenOption.CREATE)) {
            VfsFile first = vfs.open("db");
            first.tryLockExclusive();
            assertThrows(FileLockedException.class, second::tryLockExclusive);
            first.close();
            assertDoesNotThrow(second::tryLockExclusive);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void releasingTheLockLetsAnotherHandleTakeIt(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, TestDirs.fresh("lock-release-" + backend.id()));
        try (VfsFile first = vfs.open("db", OpenOption.CREATE); VfsFile second = vfs.open("db")) {
            VfsLock lock = first.tryLockExclusive();
            lock.close();
            VfsLock taken = second.tryLockExclusive();
            lock.close(); // a released lock releases nothing more
            assertThrows(FileLockedException.class, first::tryLockExclusive);
            taken.close();
            assertDoesNotThrow(first::tryLockExclusive);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void misuseIsRefused(Backend backend) throws IOException {
        LocalVfs vfs = vfs(backend, TestDirs.fresh("lock-misuse-" + backend.id()));
        try (VfsFile file = vfs.open("db", OpenOption.CREATE); VfsFile readOnly = vfs.open("db", OpenOption.READ_ONLY)) {
            assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, readOnly::tryLockExclusive).errno());
            file.tryLockExclusive();
            assertThrows(IllegalStateException.class, file::tryLockExclusive);
        }
        VfsFile closed = vfs.open("db");
        closed.close();
        assertThrows(IllegalStateException.class, closed::tryLockExclusive);
    }

    /** The two backends' locks conflict, so processes on different backends still exclude each other. */
    @Test
    void theBackendsRefuseEachOther() throws IOException {
        assumeTrue(Backend.jnaAvailable(), "JNA did not load");
        Path dir = TestDirs.fresh("lock-cross");
        LocalVfs jna = vfs(Backend.JNA, dir);
        LocalVfs nio = vfs(Backend.NIO, dir);
        try (VfsFile viaJna = jna.open("db", OpenOption.CREATE); VfsFile viaNio = nio.open("db")) {
            VfsLock held = viaJna.tryLockExclusive();
            assertThrows(FileLockedException.class, viaNio::tryLockExclusive);
            held.close();
            viaNio.tryLockExclusive();
            assertThrows(FileLockedException.class, viaJna::tryLockExclusive);
        }
    }

    /**
     * The JNA backend's lock belongs to its descriptor: another handle of the file opened and
     * closed in this process (as a POSIX lock would not survive) leaves it held.
     */
    @Test
    void aJnaLockSurvivesAnotherHandleClosing() throws IOException {
        LocalVfs vfs = vfs(Backend.JNA, TestDirs.fresh("lock-ofd"));
        try (VfsFile holder = vfs.open("db", OpenOption.CREATE); VfsFile other = vfs.open("db")) {
            holder.tryLockExclusive();
            vfs.open("db").close();
            assertThrows(FileLockedException.class, other::tryLockExclusive);
        }
    }
}
