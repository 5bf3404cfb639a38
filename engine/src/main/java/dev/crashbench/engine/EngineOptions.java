package dev.crashbench.engine;

import java.util.Locale;

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
 */
public record EngineOptions(Durability durability, int cacheSizePages, int autoCheckpointFrames,
                            int walPreallocatedFrames, boolean create) {

    public EngineOptions {
        if (durability == null) {
            throw new IllegalArgumentException("durability must be given");
        }
        requireAtLeast("cache_size_pages", cacheSizePages, 1);
        requireAtLeast("auto_checkpoint_frames", autoCheckpointFrames, 1);
        requireAtLeast("wal_preallocated_frames", walPreallocatedFrames, 0);
    }

    /** FULL durability, 2,000 cached pages (8 MiB), checkpoint every 1,000 frames, WAL preallocated to 1,024 frames. */
    public static EngineOptions defaults() {
        return new EngineOptions(Durability.FULL, 2000, 1000, 1024, true);
    }

    public EngineOptions withDurability(Durability value) {
        return new EngineOptions(value, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, create);
    }

    public EngineOptions withCacheSizePages(int value) {
        return new EngineOptions(durability, value, autoCheckpointFrames, walPreallocatedFrames, create);
    }

    public EngineOptions withAutoCheckpointFrames(int value) {
        return new EngineOptions(durability, cacheSizePages, value, walPreallocatedFrames, create);
    }

    public EngineOptions withWalPreallocatedFrames(int value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, value, create);
    }

    public EngineOptions withCreate(boolean value) {
        return new EngineOptions(durability, cacheSizePages, autoCheckpointFrames, walPreallocatedFrames, value);
    }

    /**
     * These options with one changed by name, as given on a command line or in a URL:
     * {@code durability} (full, normal, off), {@code cache_size_pages}, {@code auto_checkpoint_frames},
     * {@code wal_preallocated_frames}, {@code create} (true, false).
     */
    public EngineOptions with(String key, String value) {
        String v = value.trim();
        return switch (key.trim().toLowerCase(Locale.ROOT)) {
            case "durability" -> withDurability(parseDurability(v));
            case "cache_size_pages" -> withCacheSizePages(parseInt(key, v));
            case "auto_checkpoint_frames" -> withAutoCheckpointFrames(parseInt(key, v));
            case "wal_preallocated_frames" -> withWalPreallocatedFrames(parseInt(key, v));
            case "create" -> withCreate(parseBoolean(key, v));
            default -> throw new IllegalArgumentException("unknown engine option '" + key
                    + "'; known: durability, cache_size_pages, auto_checkpoint_frames, wal_preallocated_frames, create");
        };
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
