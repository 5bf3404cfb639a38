package dev.crashbench.torture.cli;

import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.replay.Replays;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code crashbench replay FILE}: runs a recorded crash case again from scratch and compares verdicts. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the crash case of a replay file again from scratch (the workload, every fault decision, "
                + "the cut and the fate of every pending write), recover, judge, and compare the verdict with the "
                + "one recorded. The same case gives the same verdict on any machine, so a fixed bug shows as "
                + "'not reproduced'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the recorded violation does not reproduce (every rule held, or the run diverged from the "
                        + "recording because the engine now behaves differently)",
                "1:a violation reproduces: the recorded one, or (reported as such) a different one",
                "2:bad usage, or FILE is missing or not a valid replay file",
                "3:internal error"})
public final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A replay file written by torture, mutants or shrink.")
    Path file;

    @Override
    public Integer call() {
        ReplayFile replay = ReplayArgs.load(file, spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        out.println("replay: " + file + " (written by crashbench " + replay.projectVersion() + ")");
        if (!replay.projectVersion().equals(ProjectVersion.get())) {
            out.println("note: this is crashbench " + ProjectVersion.get() + "; a different engine may take other "
                    + "steps");
        }
        out.println("case: " + ReplayArgs.describe(replay.crashCase()));
        out.println("engine: " + replay.crashCase().engine().describe());
        out.println("engine options: " + OptionsText.compact(replay.crashCase().engineOptions()));
        out.println("recorded: " + replay.violation().describe());
        Replays.Outcome outcome = Replays.replay(replay);
        out.println("observed: " + outcome.observedText());
        out.println("verdict: " + outcome.verdict());
        out.flush();
        return outcome.reproduced() ? ExitCodes.VIOLATION : ExitCodes.OK;
    }
}
