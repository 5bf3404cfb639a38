package dev.crashbench.recovery.replay;

import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.ReplayDivergedException;
import dev.crashbench.recovery.oracle.Violation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Replaying a file from a user's own class path. {@code crashbench replay FILE} finds engines among
 * those installed with the CLI; an engine that lives in its developer's test suite is installed
 * only on that suite's class path. {@link #commandLine} gives the one command that replays a file
 * there ({@code java -cp <the test JVM's class path> dev.crashbench.recovery.replay.Replays FILE},
 * which runs {@link #main}), and {@link #replay} is the same from a test.
 */
public final class Replays {
    /** Exit codes, as the CLI's {@code replay}: 0 not reproduced, 1 reproduced, 2 a bad file. */
    static final int NOT_REPRODUCED = 0;
    static final int REPRODUCED = 1;
    static final int BAD_FILE = 2;

    private Replays() {
    }

    /**
     * What replaying a file gave.
     *
     * @param recorded   the file
     * @param observed   the violation the replay gave, or null when every rule held or the run diverged
     * @param divergence why the run diverged from the recording, or null when it did not
     */
    public record Outcome(ReplayFile recorded, Violation observed, String divergence) {
        /** Whether a violation reproduced (the recorded one or another). */
        public boolean reproduced() {
            return observed != null;
        }

        /** One line: what the replay gave (the violation, the divergence, or that every rule held). */
        public String observedText() {
            return observed != null ? observed.describe()
                    : divergence != null ? "the run diverged from the recording: " + divergence
                    : "every rule held";
        }

        /** One line: the verdict, as the CLI's {@code replay} prints it too. */
        public String verdict() {
            if (observed == null) {
                return "NOT REPRODUCED";
            }
            if (observed.equals(recorded.violation())) {
                return "REPRODUCED (identical)";
            }
            return observed.rule() == recorded.violation().rule() ? "REPRODUCED (the same rule; what was found differs)"
                    : "A DIFFERENT VIOLATION (" + observed.rule() + " instead of " + recorded.violation().rule() + ")";
        }
    }

    /** Runs the file's case again from scratch on the engine it names, found on this class path. */
    public static Outcome replay(Path file) throws IOException, InvalidReplayFileException {
        return replay(ReplayCodec.read(file));
    }

    /** Runs {@code recorded}'s case again from scratch on the engine it names, found on this class path. */
    public static Outcome replay(ReplayFile recorded) {
        try {
            return new Outcome(recorded, CaseRunner.run(recorded.crashCase()), null);
        } catch (ReplayDivergedException e) {
            return new Outcome(recorded, null, e.getMessage());
        }
    }

    /**
     * The command that replays {@code file} with this JVM's class path (under Surefire, the test
     * class path: the user's engine, its service registration and crashbench).
     */
    public static String commandLine(Path file) {
        return "java -cp " + shellQuoted(System.getProperty("java.class.path")) + " " + Replays.class.getName() + " "
                + shellQuoted(file.toAbsolutePath().toString());
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** {@code Replays FILE}: prints the recorded and observed verdicts; exits as {@link #run} returns. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: java -cp CLASSPATH " + Replays.class.getName() + " FILE");
            return BAD_FILE;
        }
        Outcome outcome;
        try {
            outcome = replay(Path.of(args[0]));
        } catch (IOException | InvalidReplayFileException | IllegalArgumentException e) {
            err.println("replay: " + args[0] + ": " + e.getMessage());
            return BAD_FILE;
        }
        out.println("replay: " + args[0] + " (written by crashbench " + outcome.recorded().projectVersion() + ")");
        out.println("engine: " + outcome.recorded().crashCase().engine().describe());
        out.println("recorded: " + outcome.recorded().violation().describe());
        out.println("observed: " + outcome.observedText());
        out.println("verdict: " + outcome.verdict());
        return outcome.reproduced() ? REPRODUCED : NOT_REPRODUCED;
    }
}
