package dev.crashbench.recovery.sqlite;

import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.spi.OptionText;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The system's SQLite as an engine under test (id {@code sqlite}, at the loaded library's version),
 * run in process on the explorer's disk through {@link SqliteVfs}.
 *
 * <p>Options: {@code journal_mode} = {@code wal} (default) | {@code delete} | {@code truncate}, and
 * {@code synchronous} = {@code off} | {@code normal} | {@code full} (default) | {@code extra}, as
 * SQLite's pragmas of those names; {@code promise} = {@code every_commit} (default) |
 * {@code documented}: what the oracle holds SQLite to, every acknowledged commit (what an
 * application assumes of a returned {@code COMMIT}, so the campaign shows where SQLite's
 * documentation says a configuration does not keep it) or what SQLite's documentation promises for
 * the combination ({@link SqliteEngineConfiguration#durability()}).
 *
 * <p>Where libsqlite3 does not load, the engine is still listed, and configuring it fails with the
 * reason ({@link SqliteNative#unavailableReason()}).
 */
public final class SqliteEngine implements EngineUnderTest {
    public static final String ID = "sqlite";
    static final String JOURNAL_MODE = "journal_mode";
    static final String SYNCHRONOUS = "synchronous";
    static final String PROMISE = "promise";

    @Override
    public String id() {
        return ID;
    }

    /** The loaded libsqlite3's version ({@code sqlite3_libversion}), or {@code unavailable}. */
    @Override
    public String version() {
        return SqliteNative.unavailableReason().isPresent() ? "unavailable" : SqliteNative.version();
    }

    @Override
    public Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(JOURNAL_MODE, "wal");
        defaults.put(SYNCHRONOUS, "full");
        defaults.put(PROMISE, "every_commit");
        return defaults;
    }

    @Override
    public SqliteEngineConfiguration configure(Map<String, String> options) {
        SqliteNative.unavailableReason().ifPresent(why -> {
            throw new IllegalArgumentException("engine '" + ID + "' cannot run here: " + why);
        });
        Map<String, String> values = defaults();
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!values.containsKey(option.getKey())) {
                throw OptionText.unknownKey(ID, option.getKey(), values.keySet());
            }
            values.put(option.getKey(), option.getValue().toLowerCase(Locale.ROOT));
        }
        return new SqliteEngineConfiguration(this,
                parse(SqliteConfig.JournalMode.class, JOURNAL_MODE, values.get(JOURNAL_MODE)),
                parse(SqliteConfig.Synchronous.class, SYNCHRONOUS, values.get(SYNCHRONOUS)),
                parse(SqliteEngineConfiguration.Promise.class, PROMISE, values.get(PROMISE)));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("engine '" + ID + "': " + key + "=" + value + " is not one of " + known);
    }
}
