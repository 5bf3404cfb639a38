package dev.crashbench.torture.cli;

import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.ReplayDivergedException;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.recovery.replay.ReplayFile;
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
        Violation observed;
        try {
            observed = CaseRunner.run(replay.crashCase());
        } catch (ReplayDivergedException e) {
            out.println("observed: the run diverged from the recording: " + e.getMessage());
            out.println("verdict: NOT REPRODUCED");
            out.flush();
            return ExitCodes.OK;
        }
        if (observed == null) {
            out.println("observed: every rule held");
            out.println("verdict: NOT REPRODUCED");
            out.flush();
            return ExitCodes.OK;
        }
        out.println("observed: " + observed.describe());
        if (observed.equals(replay.violation())) {
            out.println("verdict: REPRODUCED (identical)");
        } else if (observed.rule() == replay.violation().rule()) {
            out.println("verdict: REPRODUCED (the same rule; what was found differs)");
        } else {
            out.println("verdict: A DIFFERENT VIOLATION (" + observed.rule() + " instead of "
                    + replay.violation().rule() + ")");
        }
        out.flush();
        return ExitCodes.VIOLATION;
    }
}
