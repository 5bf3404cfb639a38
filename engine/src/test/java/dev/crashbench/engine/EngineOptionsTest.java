package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options by name, as a command line or URL gives them, and their validation. */
class EngineOptionsTest {

    @Test
    void everyOptionCanBeSetByName() {
        EngineOptions o = EngineOptions.defaults()
                .with("durability", "normal")
                .with(" CACHE_SIZE_PAGES ", " 64 ")
                .with("auto_checkpoint_frames", "10")
                .with("wal_preallocated_frames", "0")
                .with("create", "FALSE");
        assertEquals(new EngineOptions(Durability.NORMAL, 64, 10, 0, false), o);
        assertEquals(Durability.OFF, o.with("durability", "Off").durability());
        assertEquals(EngineOptions.defaults(), new EngineOptions(Durability.FULL, 2000, 1000, 1024, true));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "durability             | fast   | durability must be full, normal or off, not 'fast'",
            "durability             | ''     | durability must be full, normal or off",
            "cache_size_pages       | 0      | cache_size_pages must be at least 1, got 0",
            "cache_size_pages       | -5     | cache_size_pages must be at least 1, got -5",
            "cache_size_pages       | lots   | cache_size_pages must be an integer, not 'lots'",
            "cache_size_pages       | 9999999999 | cache_size_pages must be an integer",
            "auto_checkpoint_frames | 0      | auto_checkpoint_frames must be at least 1, got 0",
            "auto_checkpoint_frames | 1.5    | auto_checkpoint_frames must be an integer, not '1.5'",
            "wal_preallocated_frames| -1     | wal_preallocated_frames must be at least 0, got -1",
            "create                 | yes    | create must be true or false, not 'yes'",
            "page_size              | 8192   | unknown engine option 'page_size'",
    })
    void badValuesAreRejectedWithAMessageNamingTheOption(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineOptions.defaults().with(key, value));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void anUnknownOptionListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().with("sync", "on"));
        for (String known : new String[] {"durability", "cache_size_pages", "auto_checkpoint_frames", "wal_preallocated_frames", "create"}) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
    }

    @Test
    void theConstructorAndWithersValidateToo() {
        assertThrows(IllegalArgumentException.class, () -> new EngineOptions(null, 1, 1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().withCacheSizePages(0));
        assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().withAutoCheckpointFrames(-1));
        assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().withWalPreallocatedFrames(-1));
        assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().withDurability(null));
    }
}
