package dev.crashbench.recovery.sqlite;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.util.Map;
import java.util.Optional;

/**
 * Loads the system's SQLite library once per JVM and remembers why it failed, if it did.
 *
 * <p>The library is the operating system's {@code libsqlite3} (Debian package
 * {@code libsqlite3-0}), found by its plain name {@code sqlite3}, or by its soname
 * {@code libsqlite3.so.0} where the unversioned link is missing (the normal case without the
 * {@code -dev} package). sqlite-jdbc cannot serve: its native library links SQLite statically and
 * exports no {@code sqlite3_*} symbol.
 */
public final class SqliteNative {
    private static final String[] NAMES = {"sqlite3", "libsqlite3.so.0"};

    private SqliteNative() {
    }

    /** Why SQLite cannot be used in this JVM, or empty when it can. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.REASON);
    }

    /** The version of the loaded library, e.g. {@code 3.40.1}. */
    public static String version() {
        return library().sqlite3_libversion();
    }

    /** @throws IllegalStateException when the library did not load, saying why */
    static SqliteLibrary library() {
        if (Holder.LIBRARY == null) {
            throw new IllegalStateException("SQLite is not available: " + Holder.REASON);
        }
        return Holder.LIBRARY;
    }

    /** Initialized on first use: the holder-class idiom makes the load run exactly once. */
    private static final class Holder {
        static final SqliteLibrary LIBRARY;
        static final String REASON;

        static {
            SqliteLibrary loaded = null;
            StringBuilder why = new StringBuilder();
            for (String name : NAMES) {
                try {
                    loaded = Native.load(name, SqliteLibrary.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
                    loaded.sqlite3_libversion();
                    // Without it SQLite's random numbers cannot be seeded, and no run would repeat.
                    NativeLibrary.getInstance(name).getFunction("sqlite3_test_control");
                    break;
                } catch (LinkageError | RuntimeException e) {
                    loaded = null;
                    why.append(why.length() == 0 ? "" : "; ").append(name).append(": ").append(e.getMessage());
                }
            }
            LIBRARY = loaded;
            REASON = loaded == null ? "libsqlite3 did not load (install the libsqlite3-0 package): " + why : null;
        }
    }
}
