package dev.crashbench.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a database is opened. Immutable; build with {@link #defaults()} and the {@code with}
 * methods, or from {@code key=value} text with {@link #with(String, String)}.
 *
 * @param durability            when commits are synced
 * @param cacheSizePages        committed pages kept in memory, shared by all transactions
 * @param autoCheckpointFrames  checkpoint after a commit leaves at least this many WAL frames
 * @param walPreallocatedFrames frames' worth of zeros the WAL file is given up front, so steady
 *                              commits overwrite existing space instead of growing the file
 * @param create                create an empty database when the file does not exist
 * @param mutations             deliberately broken durability behaviours switched on (see
 *                              {@link UnsafeMutation}); empty, as it must be for any real use, by default
 */
public record EngineOptions(Durability durability, int cacheSizePages, int autoCheckpointFrames,
                            int walPreallocatedFrames, boolean create, Set<UnsafeMutation> mutations) {

    private static final String SAFE_KEYS = "durability, cache_size_pages, auto_checkpoint_frames, wal_preallocated_frames, create";

    public EngineOptions {
        if (durability == null) {
            throw new IllegalArgumentException("durability must be given");
        }
        if (mutations == null) {
            throw new IllegalArgumentException("mutations must be given (empty for a healthy engine)");
        }
        requireAtLeast("cache_size_pages", cacheSizePages, 1);
        requireAtLeast("auto_checkpoint_frames", autoCheckpointFrames, 1);
        requireAtLeast("wal_preallocated_frames", walPreallocatedFrames, 0);
        EnumSet<UnsafeMutation> copy = EnumSet.noneOf(UnsafeMutation.class);
        for (UnsafeMutation mutation : mutations) {
            if (mutation == null) {
                throw new IllegalArgumentException("mutations must not contain null");
            }
            copy.add(mutation);
        }
        mutations = Collections.unmodifiableSet(copy);
    }

    /** Options with no mutation: the healthy engine. */
    public EngineOptions(Durability durability, int cacheSizePages, int autoCheckpointFrames,
                         int walPreallocatedFrames, boolean create) {
        this(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create, Set.of());
    }

    /** FULL durability, 2,000 cached pages (8 MiB), checkpoint every 1,000 frames, WAL preallocated to 1,024 frames. */
    public static EngineOptions defaults() {
        return new EngineOptions(Durability.FULL, 2000, 1000, 1024, true);
    }

    public EngineOptions withDurability(Durability value) {
        return new EngineOptions(value, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create, mutations);
    }

    public EngineOptions withCacheSizePages(int value) {
        return new EngineOptions(durability, value, autoCheckpointFrames, walPreallocatedFrames, create, mutations);
    }

    public EngineOptions withAutoCheckpointFrames(int value) {
        return new EngineOptions(durability, cacheSizePages, value, walPreallocatedFrames, create, mutations);
    }

    public EngineOptions withWalPreallocatedFrames(int value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, value, create, mutations);
    }

    public EngineOptions withCreate(boolean value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, value, mutations);
    }

    /** These options with {@code mutation} switched on. Unsafe: see {@link UnsafeMutation}. */
    public EngineOptions withMutation(UnsafeMutation mutation) {
        return withMutation(mutation, true);
    }

    /** These options with {@code mutation} switched on or off. */
    public EngineOptions withMutation(UnsafeMutation mutation, boolean on) {
        if (mutation == null) {
            throw new IllegalArgumentException("mutation must be given");
        }
        EnumSet<UnsafeMutation> changed = EnumSet.noneOf(UnsafeMutation.class);
        changed.addAll(mutations);
        if (on) {
            changed.add(mutation);
        } else {
            changed.remove(mutation);
        }
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create, changed);
    }

    /** Whether {@code mutation} is switched on. */
    public boolean has(UnsafeMutation mutation) {
        return mutations.contains(mutation);
    }

    /** Whether any mutation is switched on: such an engine is broken on purpose. */
    public boolean isUnsafe() {
        return !mutations.isEmpty();
    }

    /**
     * Every option as {@code key -> value} text, in a fixed order (the safe options, then every
     * mutation's key in {@link UnsafeMutation} order with {@code true} or {@code false}). Applying
     * each entry with {@link #with(String, String)} to {@link #defaults()} gives these options back.
     */
    public Map<String, String> toKeyValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("durability", durability.name().toLowerCase(Locale.ROOT));
        values.put("cache_size_pages", Integer.toString(cacheSizePages));
        values.put("auto_checkpoint_frames", Integer.toString(autoCheckpointFrames));
        values.put("wal_preallocated_frames", Integer.toString(walPreallocatedFrames));
        values.put("create", Boolean.toString(create));
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            values.put(mutation.key(), Boolean.toString(mutations.contains(mutation)));
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * These options with one changed by name, as given on a command line or in a URL:
     * {@code durability} (full, normal, off), {@code cache_size_pages}, {@code auto_checkpoint_frames},
     * {@code wal_preallocated_frames}, {@code create} (true, false), and each
     * {@link UnsafeMutation#key()} (true, false).
     */
    public EngineOptions with(String key, String value) {
        String v = value.trim();
        UnsafeMutation mutation = UnsafeMutation.byKey(key).orElse(null);
        if (mutation != null) {
            return withMutation(mutation, parseBoolean(mutation.key(), v));
        }
        return switch (key.trim().toLowerCase(Locale.ROOT)) {
            case "durability" -> withDurability(parseDurability(v));
            case "cache_size_pages" -> withCacheSizePages(parseInt(key, v));
            case "auto_checkpoint_frames" -> withAutoCheckpointFrames(parseInt(key, v));
            case "wal_preallocated_frames" -> withWalPreallocatedFrames(parseInt(key, v));
            case "create" -> withCreate(parseBoolean(key, v));
            default -> throw new IllegalArgumentException("unknown engine option '" + key + "'; known: " + SAFE_KEYS
                    + ", and the unsafe " + String.join(", ", mutationKeys()));
        };
    }

    private static List<String> mutationKeys() {
        return Arrays.stream(UnsafeMutation.values()).map(UnsafeMutation::key).toList();
    }

    private static Durability parseDurability(String v) {
        try {
            return Durability.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("durability must be full, normal or off, not '" + v + "'");
        }
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, not '" + v + "'");
        }
    }

    private static boolean parseBoolean(String key, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }
}
