package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options by name, as a command line or URL gives them, and their validation. */
class EngineOptionsTest {

    @Test
    void everyOptionCanBeSetByName() {
        EngineOptions o = EngineOptions.baseline()
                .with("durability", "normal")
                .with(" CACHE_SIZE_PAGES ", " 64 ")
                .with("auto_checkpoint_frames", "10")
                .with("wal_preallocated_frames", "0")
                .with("create", "FALSE");
        assertEquals(new EngineOptions(Durability.NORMAL, 64, 10, 0, false), o);
        assertEquals(Durability.OFF, o.with("durability", "Off").durability());
        assertEquals(EngineOptions.baseline(), new EngineOptions(Durability.FULL, 2000, 1000, 1024, true));
        assertEquals(EngineOptions.defaults(), EngineOptions.baseline().withOptimizations(EngineOptions.DEFAULT_OPTIMIZATIONS));
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
            "unsafe_sync_is_noop    | yes    | unsafe_sync_is_noop must be true or false, not 'yes'",
            "unsafe_ack_before_sync | ''     | unsafe_ack_before_sync must be true or false",
            "unsafe_everything      | true   | unknown engine option 'unsafe_everything'",
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
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            assertTrue(e.getMessage().contains(mutation.key()), e.getMessage());
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

    // ---- unsafe mutations and key=value round trip ---------------------------------------------

    @Test
    void theDefaultsAndTheOldConstructorHaveNoMutation() {
        assertEquals(Set.of(), EngineOptions.defaults().mutations());
        assertFalse(EngineOptions.defaults().isUnsafe());
        assertEquals(new EngineOptions(Durability.NORMAL, 64, 10, 0, false, Set.of()),
                new EngineOptions(Durability.NORMAL, 64, 10, 0, false));
    }

    @Test
    void mutationsAreSwitchedOnAndOffByTheirUnsafeKeys() {
        EngineOptions o = EngineOptions.defaults()
                .with("unsafe_sync_is_noop", "true")
                .with(" UNSAFE_ACCEPT_STALE_SALT ", " True ");
        assertEquals(EnumSet.of(UnsafeMutation.SYNC_IS_NOOP, UnsafeMutation.ACCEPT_STALE_SALT), o.mutations());
        assertTrue(o.isUnsafe());
        assertTrue(o.has(UnsafeMutation.SYNC_IS_NOOP));
        assertFalse(o.has(UnsafeMutation.ACK_BEFORE_SYNC));
        EngineOptions off = o.with("unsafe_sync_is_noop", "false").with("unsafe_accept_stale_salt", "FALSE");
        assertEquals(EngineOptions.defaults(), off);
        assertFalse(off.isUnsafe());
        assertEquals(o, EngineOptions.defaults().withMutation(UnsafeMutation.ACCEPT_STALE_SALT)
                .withMutation(UnsafeMutation.SYNC_IS_NOOP), "the order mutations are added in does not matter");
    }

    @Test
    void theMutationSetIsAnImmutableCopy() {
        Set<UnsafeMutation> given = new HashSet<>(Set.of(UnsafeMutation.NO_FRAME_CHECKSUM));
        EngineOptions o = new EngineOptions(Durability.FULL, 1, 1, 0, true, given);
        given.add(UnsafeMutation.SYNC_IS_NOOP);
        assertEquals(Set.of(UnsafeMutation.NO_FRAME_CHECKSUM), o.mutations());
        assertThrows(UnsupportedOperationException.class, () -> o.mutations().add(UnsafeMutation.SYNC_IS_NOOP));
        assertThrows(IllegalArgumentException.class, () -> new EngineOptions(Durability.FULL, 1, 1, 0, true, null));
        Set<UnsafeMutation> withNull = new HashSet<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> new EngineOptions(Durability.FULL, 1, 1, 0, true, withNull));
        assertThrows(IllegalArgumentException.class, () -> EngineOptions.defaults().withMutation(null));
    }

    @Test
    void everyMutationHasADistinctKeyThatSaysItIsUnsafeAndADescription() {
        Set<String> keys = new HashSet<>();
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            assertTrue(mutation.key().startsWith(UnsafeMutation.KEY_PREFIX), mutation.key());
            assertTrue(mutation.key().matches("[a-z_]+"), mutation.key());
            assertTrue(keys.add(mutation.key()), "duplicate key " + mutation.key());
            assertFalse(mutation.describe().isBlank());
            assertEquals(mutation, UnsafeMutation.byKey(mutation.key().toUpperCase()).orElseThrow());
        }
        assertTrue(UnsafeMutation.values().length >= 8);
        assertTrue(UnsafeMutation.byKey("durability").isEmpty());
    }

    @Test
    void toKeyValuesListsEveryOptionInAFixedOrder() {
        List<String> expected = new ArrayList<>(List.of(
                "durability", "cache_size_pages", "auto_checkpoint_frames", "wal_preallocated_frames", "create"));
        for (Optimization optimization : Optimization.values()) {
            expected.add(optimization.key());
        }
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            expected.add(mutation.key());
        }
        EngineOptions o = new EngineOptions(Durability.NORMAL, 64, 10, 0, false,
                EnumSet.of(UnsafeMutation.RETRY_SYNC_AFTER_EIO));
        Map<String, String> values = o.toKeyValues();
        assertEquals(expected, new ArrayList<>(values.keySet()));
        assertEquals("normal", values.get("durability"));
        assertEquals("64", values.get("cache_size_pages"));
        assertEquals("false", values.get("create"));
        assertEquals("true", values.get("unsafe_retry_sync_after_eio"));
        assertEquals("false", values.get("unsafe_sync_is_noop"));
        assertThrows(UnsupportedOperationException.class, () -> values.put("create", "true"));
    }

    @Test
    void toKeyValuesRoundTripsThroughWithFromTheDefaults() {
        List<EngineOptions> samples = new ArrayList<>(List.of(
                EngineOptions.defaults(),
                new EngineOptions(Durability.OFF, 1, 1, 0, false),
                new EngineOptions(Durability.NORMAL, 64, 10, 3, true, EnumSet.allOf(Optimization.class),
                        Set.of())));
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            samples.add(EngineOptions.defaults().withDurability(Durability.NORMAL).withMutation(mutation));
        }
        for (Optimization optimization : Optimization.values()) {
            samples.add(EngineOptions.defaults().withOptimization(optimization, true));
            samples.add(EngineOptions.defaults().withCacheSizePages(7).withOptimization(optimization, true)
                    .withOptimization(optimization, false));
        }
        for (EngineOptions original : samples) {
            EngineOptions rebuilt = EngineOptions.defaults();
            for (Map.Entry<String, String> entry : original.toKeyValues().entrySet()) {
                rebuilt = rebuilt.with(entry.getKey(), entry.getValue());
            }
            assertEquals(original, rebuilt, original.toKeyValues().toString());
            assertEquals(original.toKeyValues(), rebuilt.toKeyValues());
        }
    }

    @Test
    void everyOptimizationIsSetByItsKeyAndOffInTheBaseline() {
        for (Optimization optimization : Optimization.values()) {
            assertFalse(EngineOptions.baseline().has(optimization), optimization.key());
            assertEquals(EngineOptions.DEFAULT_OPTIMIZATIONS.contains(optimization),
                    EngineOptions.defaults().has(optimization), optimization.key());
            EngineOptions on = EngineOptions.baseline().with(" " + optimization.key().toUpperCase() + " ", "TRUE");
            assertTrue(on.has(optimization));
            assertEquals(EnumSet.of(optimization), on.optimizations());
            assertFalse(on.with(optimization.key(), "false").has(optimization));
            assertEquals(optimization, Optimization.byKey(optimization.key()).orElseThrow());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> EngineOptions.defaults().with(optimization.key(), "yes"));
            assertTrue(bad.getMessage().contains(optimization.key()), bad.getMessage());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> EngineOptions.defaults().with("writer_reuses", "true"));
        assertTrue(unknown.getMessage().contains("writer_reuse"), unknown.getMessage());
    }

    @Test
    void everyDeclaredConflictIsRefusedNamingBothOptions() {
        assertFalse(OptionConflict.ALL.isEmpty());
        for (OptionConflict conflict : OptionConflict.ALL) {
            EngineOptions both = EngineOptions.defaults().withOptimization(conflict.first(), true)
                    .withOptimization(conflict.second(), true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, both::checkCombination);
            assertTrue(e.getMessage().contains(conflict.first().key()), e.getMessage());
            assertTrue(e.getMessage().contains(conflict.second().key()), e.getMessage());
            assertTrue(e.getMessage().contains(conflict.why()), e.getMessage());
            // Either one alone is fine.
            EngineOptions first = both.withOptimization(conflict.second(), false);
            assertEquals(first, first.checkCombination());
        }
        EngineOptions mmapAndDsync = EngineOptions.defaults().with("wal_mmap", "true").with("wal_dsync", "true");
        assertThrows(IllegalArgumentException.class, mmapAndDsync::checkCombination);
    }

    @Test
    void everyOptimizationWithoutAConflictComposesWithTheOthers() {
        EngineOptions all = EngineOptions.defaults();
        for (Optimization optimization : Optimization.values()) {
            boolean clashes = OptionConflict.among(EnumSet.of(optimization)).isPresent()
                    || OptionConflict.ALL.stream().anyMatch(c -> c.second() == optimization);
            if (!clashes) {
                all = all.withOptimization(optimization, true);
            }
        }
        assertEquals(all, all.checkCombination());
    }

    @Test
    void aCarelessImplementationSwitchesOnItsOptimizationAndIsRefusedWithoutIt() {
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            EngineOptions on = EngineOptions.baseline().with(mutation.key(), "true");
            assertEquals(on, on.checkCombination());
            mutation.requires().ifPresentOrElse(needed -> {
                assertTrue(on.has(needed), mutation.key());
                EngineOptions without = on.withOptimization(needed, false);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, without::checkCombination);
                assertTrue(e.getMessage().contains(mutation.key()) && e.getMessage().contains(needed.key()),
                        e.getMessage());
            }, () -> assertEquals(Set.of(), on.optimizations()));
        }
    }
}
