package dev.crashbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnginesTest {
    @Test
    void findsAnEngineByIdAndConfiguresASpec() {
        Engines engines = Engines.of(List.of(ToyEngine.INSTANCE));
        assertSame(ToyEngine.INSTANCE, engines.byId("toy"));
        assertEquals(Map.of("sync", "false"), engines.configure(EngineSpec.parse("toy:sync=false")).options());
    }

    @Test
    void anUnknownIdListsTheKnownOnes() {
        Engines engines = Engines.of(List.of(ToyEngine.INSTANCE));
        assertEquals("unknown engine 'sqlite'; known: toy",
                assertThrows(IllegalArgumentException.class, () -> engines.byId("sqlite")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Engines.of(List.of()).byId("toy"))
                .getMessage().contains("no engine on the class path"));
    }

    @Test
    void anUnknownOptionNamesTheKey() {
        Engines engines = Engines.of(List.of(ToyEngine.INSTANCE));
        assertEquals("unknown option 'fsync' for engine 'toy'; known: sync", assertThrows(
                IllegalArgumentException.class, () -> engines.configure(EngineSpec.parse("toy:fsync=1"))).getMessage());
    }

    @Test
    void twoEnginesWithOneIdAreRefused() {
        assertThrows(IllegalStateException.class, () -> Engines.of(List.of(ToyEngine.INSTANCE, new ToyEngine())));
    }

    @Test
    void serviceLoaderFindsTheRegisteredEngines() {
        assertEquals(List.of("toy"), Engines.installed().ids());
    }
}
