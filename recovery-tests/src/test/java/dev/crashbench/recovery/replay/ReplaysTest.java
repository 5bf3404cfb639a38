package dev.crashbench.recovery.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.ExhaustiveExplorer;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.reference.ReferenceTargets;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Replays}: the exit codes and verdicts of replaying a file outside the CLI, and its command line. */
class ReplaysTest {
    private static Found found;

    @TempDir
    Path directory;

    /** A real violation: the torn-frame mutation under the exhaustive tier. */
    @BeforeAll
    static void findOne() {
        Target broken = ReferenceTargets.of(ReferenceTargets.torturedDefaults().withMutation(UnsafeMutation.NO_FRAME_CHECKSUM),
                ReferenceTargets.defaults().diskModel());
        Exploration exploration = new Exploration(Budget.states(100_000).stoppingAtFirst(true), e -> { },
                System::nanoTime);
        new ExhaustiveExplorer(broken).explore(WorkloadGenerator.DEFAULT.generate(11), 5, exploration);
        found = exploration.found().get(0);
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Replays.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aViolationThatReproducesExitsOne() throws Exception {
        Path file = directory.resolve("found.json");
        ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), file);
        Run run = run(file.toString());
        assertEquals(Replays.REPRODUCED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("verdict: REPRODUCED (identical)"), run.out());
        assertTrue(Replays.replay(file).reproduced());
    }

    @Test
    void theSameCaseOnTheHealthyEngineDoesNotReproduceAndExitsZero() throws Exception {
        Map<String, String> healthy = new HashMap<>(found.crashCase().engineOptions());
        healthy.replaceAll((key, value) -> key.startsWith("unsafe_") ? "false" : value);
        CrashCase c = found.crashCase();
        Path file = directory.resolve("healed.json");
        ReplayCodec.write(ReplayFile.of(found.violation(), new CrashCase(c.tier(), c.engine(), healthy, c.diskModel(),
                c.diskSeed(), c.workload(), c.runFaults(), c.fates(), c.second())), file);
        Run run = run(file.toString());
        assertEquals(Replays.NOT_REPRODUCED, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("verdict: NOT REPRODUCED"), run.out());
    }

    @Test
    void aMissingOrInvalidFileOrNoFileExitsTwoWithOneLine() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage.json"), "{\"format\": \"something else\"}");
        for (String[] args : new String[][] {{}, {directory.resolve("missing.json").toString()}, {garbage.toString()}}) {
            Run run = run(args);
            assertEquals(Replays.BAD_FILE, run.exitCode(), run.err());
            assertEquals("", run.out());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }

    @Test
    void theCommandLineNamesThisClassPathTheMainClassAndTheFileQuoted() {
        String command = Replays.commandLine(Path.of("/tmp/it's.json"));
        assertTrue(command.startsWith("java -cp '" + System.getProperty("java.class.path") + "' "), command);
        assertTrue(command.endsWith(" dev.crashbench.recovery.replay.Replays '/tmp/it'\\''s.json'"), command);
    }
}
