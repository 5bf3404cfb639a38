package dev.crashbench.engine;

import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The other process of {@link LockProcessTest}, started in its own JVM.
 *
 * <ul>
 *   <li>{@code open DIR NAME}: opens the database through the engine, then through JDBC, expecting
 *       both to be refused. Prints {@code ENGINE <message>} and {@code JDBC <SQLState> <message>};
 *       exits {@link #EXIT_REFUSED} when the engine refused it, 0 when it opened (which the test
 *       must never see).</li>
 *   <li>{@code write DIR NAME}: opens the database and commits key 1, 2, 3, ... without end,
 *       printing {@code ACK k} once commit k returned, until it is killed.</li>
 * </ul>
 * Any other failure exits 1 with its stack trace.
 */
public final class LockHolderProcess {
    /** The database was locked: EX_TEMPFAIL of sysexits.h. */
    public static final int EXIT_REFUSED = 75;
    static final String TABLE = "t";

    private LockHolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String name = args[2];
        switch (args[0]) {
            case "open" -> System.exit(open(dir, name));
            case "write" -> write(dir, name);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static int open(Path dir, String name) throws IOException {
        int exit = 0;
        try (Database opened = Database.open(LocalVfs.at(dir), name)) {
            System.out.println("ENGINE opened");
        } catch (DatabaseLockedException refused) {
            System.out.println("ENGINE " + refused.getMessage());
            exit = EXIT_REFUSED;
        }
        try (var connection = DriverManager.getConnection("jdbc:crashbench:" + dir.resolve(name))) {
            System.out.println("JDBC opened");
        } catch (SQLException refused) {
            System.out.println("JDBC " + refused.getSQLState() + " " + refused.getMessage());
        }
        System.out.flush();
        return exit;
    }

    private static void write(Path dir, String name) throws IOException {
        try (Database database = Database.open(LocalVfs.at(dir), name)) {
            try (WriteTransaction tx = database.beginWrite()) {
                tx.createTable(TABLE);
                tx.commit();
            }
            for (long key = 1; ; key++) {
                try (WriteTransaction tx = database.beginWrite()) {
                    tx.table(TABLE).put(key, value(key));
                    tx.commit();
                }
                System.out.println("ACK " + key);
                System.out.flush();
            }
        }
    }

    static byte[] value(long key) {
        return ("value " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
