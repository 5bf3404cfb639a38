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
 * @param autoCheckpointFrames  checkpoint after a commit leaves at least this many WAL frames (with
 *                              {@code background_checkpoint}: the checkpointer starts a pass at this
 *                              many, and the WAL is full, so the next write waits, at twice as many)
 * @param walPreallocatedFrames frames' worth of zeros the WAL file is given up front, so steady
 *                              commits overwrite existing space instead of growing the file
 * @param create                create an empty database when the file does not exist
 * @param optimizations         commit-latency optimizations switched on (see {@link Optimization});
 *                              {@link #DEFAULT_OPTIMIZATIONS} by default, none in {@link #baseline()}
 * @param mutations             deliberately broken durability behaviours switched on (see
 *                              {@link UnsafeMutation}); empty, as it must be for any real use, by default
 */
public record EngineOptions(Durability durability, int cacheSizePages, int autoCheckpointFrames,
                            int walPreallocatedFrames, boolean create, Set<Optimization> optimizations,
                            Set<UnsafeMutation> mutations) {

    /**
     * The optimizations a database gets unless told otherwise: those the gated benchmark ACCEPTED
     * alone, in both regimes, in two runs of the same code (README, "The optimization matrix").
     * Each one passed the recovery campaign before its figure counted.
     */
    public static final Set<Optimization> DEFAULT_OPTIMIZATIONS =
            Collections.unmodifiableSet(EnumSet.of(Optimization.WRITER_REUSE, Optimization.SINGLE_PAGE_FAST_PATH,
                    Optimization.DELTA_FRAMES));

    private static final String SAFE_KEYS = "durability, cache_size_pages, auto_checkpoint_frames, wal_preallocated_frames, create";

    public EngineOptions {
        if (durability == null) {
            throw new IllegalArgumentException("durability must be given");
        }
        if (optimizations == null) {
            throw new IllegalArgumentException("optimizations must be given (empty for none)");
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
        EnumSet<Optimization> on = EnumSet.noneOf(Optimization.class);
        for (Optimization optimization : optimizations) {
            if (optimization == null) {
                throw new IllegalArgumentException("optimizations must not contain null");
            }
            on.add(optimization);
        }
        optimizations = Collections.unmodifiableSet(on);
    }

    /** Options with no mutation: the healthy engine. */
    public EngineOptions(Durability durability, int cacheSizePages, int autoCheckpointFrames,
                         int walPreallocatedFrames, boolean create) {
        this(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create, Set.of(), Set.of());
    }

    /** Options with no optimization and {@code mutations} switched on. */
    public EngineOptions(Durability durability, int cacheSizePages, int autoCheckpointFrames,
                         int walPreallocatedFrames, boolean create, Set<UnsafeMutation> mutations) {
        this(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create, Set.of(), mutations);
    }

    /**
     * FULL durability, 2,000 cached pages (8 MiB), checkpoint every 1,000 frames, WAL preallocated
     * to 1,024 frames, the {@link #DEFAULT_OPTIMIZATIONS} on.
     */
    public static EngineOptions defaults() {
        return baseline().withOptimizations(DEFAULT_OPTIMIZATIONS);
    }

    /**
     * {@link #defaults()} with no optimization: the engine every optimization is measured and
     * gated against.
     */
    public static EngineOptions baseline() {
        return new EngineOptions(Durability.FULL, 2000, 1000, 1024, true);
    }

    /** These options with exactly {@code value} as the optimizations switched on. */
    public EngineOptions withOptimizations(Set<Optimization> value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create,
                value, mutations);
    }

    public EngineOptions withDurability(Durability value) {
        return new EngineOptions(value, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create,
                optimizations, mutations);
    }

    public EngineOptions withCacheSizePages(int value) {
        return new EngineOptions(durability, value, autoCheckpointFrames, walPreallocatedFrames, create, optimizations,
                mutations);
    }

    public EngineOptions withAutoCheckpointFrames(int value) {
        return new EngineOptions(durability, cacheSizePages, value, walPreallocatedFrames, create, optimizations,
                mutations);
    }

    public EngineOptions withWalPreallocatedFrames(int value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, value, create, optimizations,
                mutations);
    }

    public EngineOptions withCreate(boolean value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, value,
                optimizations, mutations);
    }

    /** These options with {@code mutation} switched on. Unsafe: see {@link UnsafeMutation}. */
    public EngineOptions withMutation(UnsafeMutation mutation) {
        return withMutation(mutation, true);
    }

    /**
     * These options with {@code mutation} switched on or off. Switching on a mutation that is a
     * careless implementation of an optimization ({@link UnsafeMutation#requires()}) switches that
     * optimization on too.
     */
    public EngineOptions withMutation(UnsafeMutation mutation, boolean on) {
        if (mutation == null) {
            throw new IllegalArgumentException("mutation must be given");
        }
        EnumSet<UnsafeMutation> changed = EnumSet.noneOf(UnsafeMutation.class);
        changed.addAll(mutations);
        EnumSet<Optimization> needed = EnumSet.noneOf(Optimization.class);
        needed.addAll(optimizations);
        if (on) {
            changed.add(mutation);
            mutation.requires().ifPresent(needed::add);
        } else {
            changed.remove(mutation);
        }
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create,
                needed, changed);
    }

    /** These options with {@code optimization} switched on or off. */
    public EngineOptions withOptimization(Optimization optimization, boolean on) {
        if (optimization == null) {
            throw new IllegalArgumentException("optimization must be given");
        }
        EnumSet<Optimization> changed = EnumSet.noneOf(Optimization.class);
        changed.addAll(optimizations);
        if (on) {
            changed.add(optimization);
        } else {
            changed.remove(optimization);
        }
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create,
                changed, mutations);
    }

    /** Whether {@code optimization} is switched on. */
    public boolean has(Optimization optimization) {
        return optimizations.contains(optimization);
    }

    /**
     * These options, when their combination is one the engine can run; otherwise an
     * {@link IllegalArgumentException} naming the options that clash and why: two optimizations
     * {@link OptionConflict} declares incompatible, or a mutation without the optimization it is a
     * careless implementation of. Checked once all options are given (one at a time, an
     * intermediate combination may clash), and again by {@link Database#open}.
     */
    public EngineOptions checkCombination() {
        OptionConflict.among(optimizations).ifPresent(conflict -> {
            throw new IllegalArgumentException(conflict.describe());
        });
        for (UnsafeMutation mutation : mutations) {
            mutation.requires().filter(needed -> !optimizations.contains(needed)).ifPresent(needed -> {
                throw new IllegalArgumentException(mutation.key() + "=true is a careless implementation of "
                        + needed.key() + " and needs " + needed.key() + "=true");
            });
        }
        return this;
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
     * optimization's key in {@link Optimization} order with {@code true} or {@code false}, then every
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
        for (Optimization optimization : Optimization.values()) {
            values.put(optimization.key(), Boolean.toString(optimizations.contains(optimization)));
        }
        for (UnsafeMutation mutation : UnsafeMutation.values()) {
            values.put(mutation.key(), Boolean.toString(mutations.contains(mutation)));
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * These options with one changed by name, as given on a command line or in a URL:
     * {@code durability} (full, normal, off), {@code cache_size_pages}, {@code auto_checkpoint_frames},
     * {@code wal_preallocated_frames}, {@code create} (true, false), each {@link Optimization#key()}
     * (true, false) and each {@link UnsafeMutation#key()} (true, false). The combination is not
     * checked here: call {@link #checkCombination()} once every option is given.
     */
    public EngineOptions with(String key, String value) {
        String v = value.trim();
        Optimization optimization = Optimization.byKey(key).orElse(null);
        if (optimization != null) {
            return withOptimization(optimization, parseBoolean(optimization.key(), v));
        }
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
                    + ", the optimizations " + String.join(", ", optimizationKeys())
                    + ", and the unsafe " + String.join(", ", mutationKeys()));
        };
    }

    private static List<String> optimizationKeys() {
        return Arrays.stream(Optimization.values()).map(Optimization::key).toList();
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
