package dev.crashbench.vfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class ErrnoExceptionTest {

    @ParameterizedTest
    @EnumSource(value = Errno.class, mode = EnumSource.Mode.EXCLUDE, names = "OTHER")
    void everyListedNumberMapsBackToItsConstant(Errno errno) {
        assertEquals(errno, Errno.fromCode(errno.code()));
        ErrnoException e = new ErrnoException(errno.code(), "op", "p", null);
        assertEquals(errno, e.errno());
        assertEquals(errno.code(), e.code());
    }

    @Test
    void linuxNumbersOfTheErrorsTheEngineTellsApart() {
        assertEquals(2, Errno.ENOENT.code());
        assertEquals(5, Errno.EIO.code());
        assertEquals(9, Errno.EBADF.code());
        assertEquals(17, Errno.EEXIST.code());
        assertEquals(22, Errno.EINVAL.code());
        assertEquals(28, Errno.ENOSPC.code());
        assertEquals(39, Errno.ENOTEMPTY.code());
        assertEquals(122, Errno.EDQUOT.code());
    }

    @Test
    void anUnlistedNumberIsOtherButKeepsItsCode() {
        ErrnoException e = new ErrnoException(40, "open", "a/b", null);
        assertEquals(Errno.OTHER, e.errno());
        assertEquals(40, e.code());
        assertEquals("errno 40 in open(a/b)", e.getMessage());
        assertEquals(Errno.OTHER, Errno.fromCode(-1));
        assertEquals(Errno.OTHER, Errno.fromCode(0));
    }

    @Test
    void messageNamesErrnoOperationPathAndDetail() {
        ErrnoException e = new ErrnoException(Errno.ENOSPC, "pwrite", "db/main.wal", "4096 bytes at 8192");
        assertEquals("ENOSPC in pwrite(db/main.wal): 4096 bytes at 8192", e.getMessage());
        assertEquals("pwrite", e.operation());
        assertEquals("db/main.wal", e.path());
        assertEquals("EIO in fsync(x)", new ErrnoException(Errno.EIO, "fsync", "x", null).getMessage());
        assertInstanceOf(IOException.class, e);
    }
}
