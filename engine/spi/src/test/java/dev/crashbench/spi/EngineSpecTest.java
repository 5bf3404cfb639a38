package dev.crashbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSpecTest {
    @Test
    void anIdAloneHasNoOptions() {
        assertEquals(new EngineSpec("reference", Map.of()), EngineSpec.parse("reference"));
    }

    @Test
    void optionsFollowTheColonInTheOneGrammar() {
        EngineSpec spec = EngineSpec.parse("sqlite:journal_mode=wal,synchronous=full");
        assertEquals("sqlite", spec.id());
        assertEquals(Map.of("journal_mode", "wal", "synchronous", "full"), spec.options());
        assertEquals("sqlite:journal_mode=wal,synchronous=full", spec.toString());
    }

    @Test
    void rejectsAnEmptyIdAndBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> EngineSpec.parse(":a=b"));
        assertThrows(IllegalArgumentException.class, () -> EngineSpec.parse("toy:a"));
    }

    @Test
    void aConfigurationsSpecKeepsOnlyWhatDiffersFromTheDefaults() {
        EngineConfiguration configuration = ToyEngine.INSTANCE.configure("sync=false");
        assertEquals("toy:sync=false", configuration.describe());
        assertEquals("toy", ToyEngine.INSTANCE.configure("sync=true").describe());
    }
}
