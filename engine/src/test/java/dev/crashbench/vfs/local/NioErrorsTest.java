package dev.crashbench.vfs.local;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mapping of {@code java.nio} exceptions back to errno. */
class NioErrorsTest {

    private static Errno errnoOf(IOException e) {
        return NioErrors.toErrno(e, "op", "p").errno();
    }

    @Test
    void exceptionTypesMapToTheirErrno() {
        assertEquals(Errno.ENOENT, errnoOf(new NoSuchFileException("/x")));
        assertEquals(Errno.EEXIST, errnoOf(new FileAlreadyExistsException("/x")));
        assertEquals(Errno.ENOTEMPTY, errnoOf(new DirectoryNotEmptyException("/x")));
        assertEquals(Errno.EACCES, errnoOf(new AccessDeniedException("/x")));
        assertEquals(Errno.ENOTDIR, errnoOf(new NotDirectoryException("/x")));
        assertEquals(Errno.EXDEV, errnoOf(new AtomicMoveNotSupportedException("/a", "/b", "cross-device")));
        assertEquals(Errno.EIO, errnoOf(new ClosedByInterruptException()));
    }

    @ParameterizedTest
    @CsvSource({
            "No space left on device, ENOSPC",
            "Disk quota exceeded, EDQUOT",
            "Input/output error, EIO",
            "Read-only file system, EROFS",
            "Is a directory, EISDIR",
            "Directory not empty, ENOTEMPTY",
            "Invalid cross-device link, EXDEV"
    })
    void strerrorTextsMapToTheirErrno(String text, Errno errno) {
        assertEquals(errno, errnoOf(new IOException(text)), "plain IOException message");
        assertEquals(errno, errnoOf(new FileSystemException("/x", null, text)), "FileSystemException reason");
        assertEquals(errno, errnoOf(new IOException("write failed: " + text)), "text inside a longer message");
    }

    @Test
    void anythingElseIsEioWithTheMessageAsDetailAndTheCauseKept() {
        IOException original = new IOException("the disk caught fire");
        ErrnoException e = NioErrors.toErrno(original, "pwrite", "db/wal");
        assertEquals(Errno.EIO, e.errno());
        assertEquals("EIO in pwrite(db/wal): the disk caught fire", e.getMessage());
        assertSame(original, e.getCause());
    }

    @Test
    void anErrnoExceptionPassesThroughAndUncheckedWrappersAreUnwrapped() {
        ErrnoException already = new ErrnoException(Errno.ENOSPC, "pwrite", "f", null);
        assertSame(already, NioErrors.toErrno(already, "other", "g"));
        ErrnoException unwrapped = NioErrors.toErrno(
                new UncheckedIOException(new IOException("No space left on device")), "msync", "f");
        assertEquals(Errno.ENOSPC, unwrapped.errno());
        assertEquals("msync", unwrapped.operation());
    }

    @Test
    void unknownOrMissingTextsAreNotGuessed() {
        assertNull(NioErrors.fromStrerror(null));
        assertNull(NioErrors.fromStrerror("Something else"));
        assertTrue(errnoOf(new IOException((String) null)) == Errno.EIO);
    }
}
