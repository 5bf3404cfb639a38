package dev.crashbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The database lock between real processes: a second JVM is refused while this one holds the
 * database, and a JVM killed with {@code kill -9} while it writes leaves no lock and loses no
 * acknowledged commit.
 */
class LockProcessTest {
    private static final long TIMEOUT_SECONDS = 60;
    /** Acknowledged commits the writer makes before it is killed. */
    private static final int ACKS_BEFORE_KILL = 200;

    @Test
    void anotherProcessIsRefusedWhileThisOneHoldsTheDatabase() throws Exception {
        TestDb db = TestDb.fresh("lock-process-refused");
        try (Database held = db.open()) {
            DatabaseLockTest.commitOne(held);
            Process other = start("open", db);
            List<String> lines = readAll(other);
            assertTrue(other.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the other JVM did not end");
            assertEquals(LockHolderProcess.EXIT_REFUSED, other.exitValue(), String.join("\n", lines));
            long self = ProcessHandle.current().pid();
            assertEquals("ENGINE database " + TestDb.NAME + " is in use: it is locked by process " + self
                    + "; close it there first", lines.get(0));
            assertTrue(lines.get(1).startsWith("JDBC " + DatabaseLockedException.SQL_STATE + " "), lines.get(1));
            assertTrue(lines.get(1).contains(db.dbFile().toString()) && lines.get(1).contains("process " + self),
                    lines.get(1));
        }
    }

    @Test
    void aKilledHolderLeavesNoLockAndLosesNoAcknowledgedCommit() throws Exception {
        TestDb db = TestDb.fresh("lock-process-killed");
        Process writer = start("write", db);
        long acknowledged = 0;
        try (BufferedReader out = reader(writer)) {
            while (acknowledged < ACKS_BEFORE_KILL) {
                String line = out.readLine();
                assertNotNull(line, () -> "the writer ended early (exit " + exitOf(writer) + ")");
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                }
            }
            DatabaseLockedException refused = assertThrows(DatabaseLockedException.class, db::open);
            assertEquals(OptionalLong.of(writer.pid()), refused.holderPid(), refused.getMessage());

            // SIGKILL: no shutdown hook, no close, the commit in flight cut short. Through the
            // handle, which leaves the pipe open (Process.destroyForcibly closes it) for the last ACKs.
            writer.toHandle().destroyForcibly();
            assertTrue(writer.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the writer did not die");
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4)); // printed before the kill landed
                }
            }
        }
        try (Database reopened = db.open(); ReadTransaction read = reopened.beginRead()) {
            Table table = read.table(LockHolderProcess.TABLE);
            for (long key = 1; key <= acknowledged; key++) {
                assertArrayEquals(LockHolderProcess.value(key), table.get(key), "acknowledged commit " + key + " lost");
            }
        }
    }

    private static Process start(String mode, TestDb db) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LockHolderProcess.class.getName(),
                mode, db.dir.toString(), TestDb.NAME)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static List<String> readAll(Process process) throws IOException {
        try (BufferedReader out = reader(process)) {
            return out.lines().toList();
        }
    }

    private static String exitOf(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
