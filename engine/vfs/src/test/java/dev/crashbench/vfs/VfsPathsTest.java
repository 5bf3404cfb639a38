package dev.crashbench.vfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VfsPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "db/main.wal", "a/b/c", "...", "a/.hidden", "..x", "x.."})
    void validPathsAreReturnedUnchanged(String path) {
        assertSame(path, VfsPaths.check(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "a/", "a//b", ".", "..", "./a", "a/.", "a/./b", "a/../b", "../a", "a\0b", "//"})
    void invalidPathsAreRejectedWithTheReason(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VfsPaths.check(path));
        assertTrue(e.getMessage().contains(path.replace("\0", "\0")), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertEquals("path is null", assertThrows(IllegalArgumentException.class, () -> VfsPaths.check(null)).getMessage());
    }

    @Test
    void parentNameAndJoin() {
        assertEquals("a", VfsPaths.parent("a/b"));
        assertEquals("a/b", VfsPaths.parent("a/b/c"));
        assertEquals("", VfsPaths.parent("b"));
        assertThrows(IllegalArgumentException.class, () -> VfsPaths.parent(""));
        assertEquals("b", VfsPaths.name("a/b"));
        assertEquals("b", VfsPaths.name("b"));
        assertEquals("", VfsPaths.name(""));
        assertEquals("b", VfsPaths.join("", "b"));
        assertEquals("a/b", VfsPaths.join("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> VfsPaths.join("a", ".."));
        assertThrows(IllegalArgumentException.class, () -> VfsPaths.join("a", ""));
        assertThrows(IllegalArgumentException.class, () -> VfsPaths.join("/a", "b"));
    }
}
