package dev.crashbench.vfs.local;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Backend selection: JNA must really load here, NIO must be forceable, and nothing falls back silently. */
class BackendTest {

    private static boolean linuxWithJnaSupport() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && Set.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"));
    }

    @Test
    void jnaLoadsOnThisLinuxMachine() throws IOException {
        assumeTrue(linuxWithJnaSupport(), "the JNA backend exists only on Linux x86_64/aarch64");
        assertTrue(Backend.jnaAvailable(), () -> "JNA did not load: " + Backend.jnaUnavailableReason().orElse("?"));
        assertTrue(Backend.jnaUnavailableReason().isEmpty());
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("jna-loads"), DiskModel.WORST_CASE, Backend.JNA);
        assertEquals(Backend.JNA, vfs.backend());
        assertTrue(vfs.describe().contains("backend jna"), vfs.describe());
        try (VfsFile f = vfs.open("f", OpenOption.CREATE_NEW)) {
            f.writeFully(0, Bytes.direct("through libc"));
            assertEquals(12, f.size());
        }
    }

    @Test
    void withNoPropertyTheDefaultIsJnaOnThisMachine() throws IOException {
        assumeTrue(linuxWithJnaSupport(), "the JNA backend exists only on Linux x86_64/aarch64");
        assumeTrue(System.getProperty(Backend.PROPERTY) == null, Backend.PROPERTY + " is set for this run");
        assertEquals(Backend.JNA, Backend.preferred());
        assertEquals(Backend.JNA, LocalVfs.at(TestDirs.fresh("default-backend")).backend());
    }

    @Test
    void nioCanBeForced() throws IOException {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("nio-forced"), DiskModel.WORST_CASE, Backend.NIO);
        assertEquals(Backend.NIO, vfs.backend());
        assertTrue(vfs.describe().contains("backend nio"), vfs.describe());
    }

    @Test
    void thePropertyOverridesTheAutomaticChoice() {
        assertEquals(Backend.JNA, Backend.choose(null, true));
        assertEquals(Backend.NIO, Backend.choose(null, false));
        assertEquals(Backend.JNA, Backend.choose("auto", true));
        assertEquals(Backend.NIO, Backend.choose(" AUTO ", false));
        assertEquals(Backend.JNA, Backend.choose("", true));
        assertEquals(Backend.NIO, Backend.choose("nio", true), "nio wins even when JNA loads");
        assertEquals(Backend.JNA, Backend.choose("JNA", false), "jna is honoured, and fails at open, never falls back");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.choose("jni", true));
        assertTrue(e.getMessage().contains(Backend.PROPERTY) && e.getMessage().contains("'jni'"), e.getMessage());
    }

    @Test
    void idsAreLowerCaseNames() {
        assertEquals("jna", Backend.JNA.id());
        assertEquals("nio", Backend.NIO.id());
    }
}
