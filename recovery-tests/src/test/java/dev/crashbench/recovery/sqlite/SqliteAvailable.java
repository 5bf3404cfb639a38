package dev.crashbench.recovery.sqlite;

import org.junit.jupiter.api.Assumptions;

/** Skips a test, saying why, where the system's libsqlite3 does not load. */
final class SqliteAvailable {
    private SqliteAvailable() {
    }

    static void assume() {
        Assumptions.assumeTrue(SqliteNative.unavailableReason().isEmpty(),
                () -> "skipped: " + SqliteNative.unavailableReason().orElse("")
                        + " (.ci/run installs libsqlite3-0 when it is missing)");
    }
}
