package dev.crashbench.bench.contender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Durability;
import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.spi.EngineSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineOptionSetsTest {

    @Test
    void aNamedSetAppliesEveryOptionToTheDefaults() {
        ReferenceEngine e = EngineOptionSets.parse("small:durability=normal, cache_size_pages=64");
        assertEquals("small", e.name());
        assertEquals(Durability.NORMAL, e.options().durability());
        assertEquals(64, e.options().cacheSizePages());
        assertEquals(List.of("durability=normal", "cache_size_pages=64"), e.changedOptions());
        assertTrue(e.unsafeOptions().isEmpty());
    }

    @Test
    void anUnnamedSetIsNamedAfterItsOptionsAndUnsafeKeysAreListed() {
        ReferenceEngine e = EngineOptionSets.parse("unsafe_sync_is_noop=true");
        assertEquals("crashbench[unsafe_sync_is_noop=true]", e.name());
        assertTrue(e.options().has(UnsafeMutation.SYNC_IS_NOOP));
        assertEquals(List.of("unsafe_sync_is_noop"), e.unsafeOptions());
    }

    @Test
    void theJdbcUrlCarriesEveryOptionNotOnlyTheGivenOnes() {
        String url = EngineOptionSets.parse("x:durability=normal").url(Path.of("/d/a.db"));
        assertTrue(url.startsWith("jdbc:crashbench:/d/a.db?durability=normal&cache_size_pages=2000"), url);
        assertTrue(url.contains("unsafe_sync_is_noop=false"), url);
    }

    @Test
    void anEngineSpecIsAReferenceConfigurationNamedAfterItsOptionsWithTheExtraOnesAppliedAfterIt() {
        ReferenceEngine e = EngineOptionSets.of(EngineSpec.parse("reference:durability=normal,cache_size_pages=64"),
                Map.of("durability", "off"));
        assertEquals("crashbench[cache_size_pages=64,durability=off]", e.name());
        assertEquals(Durability.OFF, e.options().durability());
        assertEquals(64, e.options().cacheSizePages());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EngineOptionSets.of(EngineSpec.parse("sqlite:synchronous=full"), Map.of())).getMessage()
                .contains("reference engine only"));
        assertThrows(IllegalArgumentException.class, () -> EngineOptionSets.of(EngineSpec.parse("reference"), Map.of()));
    }

    @Test
    void badSetsAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> EngineOptionSets.parse("name:"));
        assertThrows(IllegalArgumentException.class, () -> EngineOptionSets.parse("durability"));
        assertThrows(IllegalArgumentException.class, () -> EngineOptionSets.parse("no_such_option=1"));
        assertThrows(IllegalArgumentException.class, () -> EngineOptionSets.parse("durability=sometimes"));
        assertThrows(IllegalArgumentException.class, () -> EngineOptionSets.parse("bad name:durability=full"));
    }

    @Test
    void theOptionsFollowTheOneGrammarOfEngineOptions() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EngineOptionSets.parse("twice:durability=full,durability=off")).getMessage()
                .contains("'durability' is given twice"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EngineOptionSets.parse("gap:durability=full,,cache_size_pages=64")).getMessage()
                .contains("is not key=value"));
    }
}
