package dev.crashbench.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.vfs.memory.MemoryVfs;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forwarding bases forward every method of the SPI, so no decorator can forget one. */
class ForwardingTest {

    @Test
    void everyAbstractMethodOfTheSpiIsForwarded() {
        assertEquals(List.of(), notForwarded(Vfs.class, ForwardingVfs.class));
        assertEquals(List.of(), notForwarded(VfsFile.class, ForwardingVfsFile.class));
        assertEquals(List.of(), notForwarded(MappedRegion.class, ForwardingMappedRegion.class));
    }

    @Test
    void aDecoratorOverridingNothingBehavesAsTheFileSystemItWraps() throws Exception {
        Vfs plain = new ForwardingVfs(new MemoryVfs("forwarding")) { };
        try (VfsFile f = new ForwardingVfsFile(plain.open("a", OpenOption.CREATE)) { }) {
            f.writeFully(0, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            f.sync(SyncMode.DATA);
            assertEquals(5, f.size());
            ByteBuffer back = ByteBuffer.allocate(5);
            f.readFully(0, back);
            assertEquals("hello", new String(back.array(), StandardCharsets.US_ASCII));
        }
        assertTrue(plain.exists("a"));
        assertEquals(List.of("a"), plain.list(""));
    }

    /** The abstract methods of {@code spi} that {@code base} does not declare itself. */
    private static List<String> notForwarded(Class<?> spi, Class<?> base) {
        List<String> missing = new ArrayList<>();
        for (Method m : spi.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            try {
                base.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        return missing;
    }
}
