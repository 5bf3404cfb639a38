package dev.crashbench.torture.cli;

import dev.crashbench.recovery.explore.CaseRunner;
import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.ReplayDivergedException;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.recovery.replay.Shrinker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crashbench shrink FILE}: minimizes a replay file's case while the same rule still breaks. */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = {"Minimize a replay file: first confirm its violation reproduces, then remove workload ops "
                + "(delta debugging) and fault decisions while an exhaustive search still breaks the same rule, "
                + "keeping the earliest cut and simplest survival pattern. Writes the minimal case beside the "
                + "original as NAME.min.json (or --out). Compound-tier cases are kept whole.",
                "Cases from the random tier may need larger searches: --states-per-attempt."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the recorded violation does not reproduce; nothing to shrink, nothing written",
                "1:the violation reproduces; the minimal replay file was written",
                "2:bad usage, or FILE is missing or not a valid replay file",
                "3:internal error"})
public final class ShrinkCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A replay file.")
    Path file;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the minimal case "
            + "(default: beside FILE, as NAME.min.json).")
    Path outFile;

    @Option(names = "--states-per-attempt", paramLabel = "N",
            description = "Crash states one candidate may take to show the violation (default: ${DEFAULT-VALUE}).")
    long statesPerAttempt = 20_000;

    @Override
    public Integer call() throws IOException {
        if (statesPerAttempt < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--states-per-attempt must be at least 1, got " + statesPerAttempt);
        }
        ReplayFile replay = ReplayArgs.load(file, spec.commandLine());
        OutputPaths.requireFile("--out", outFile != null ? outFile : minimalBeside(file), spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        CrashCase original = replay.crashCase();
        out.println("shrink: " + file);
        out.println("case: " + ReplayArgs.describe(original));
        Violation observed;
        try {
            observed = CaseRunner.run(original);
        } catch (ReplayDivergedException e) {
            observed = null;
            out.println("the run diverged from the recording: " + e.getMessage());
        }
        if (observed == null) {
            out.println("the recorded violation does not reproduce; nothing to shrink");
            out.flush();
            return ExitCodes.OK;
        }
        out.println("violation: " + observed.describe());
        out.flush();
        long start = System.nanoTime();
        Shrinker.Result result = new Shrinker(statesPerAttempt, System::nanoTime).shrink(original, observed);
        double seconds = (System.nanoTime() - start) / 1e9;
        Path target = outFile != null ? outFile : minimalBeside(file);
        ReplayCodec.write(ReplayFile.of(result.violation(), result.crashCase()), target);
        CrashCase min = result.crashCase();
        out.printf(Locale.ROOT, "searched %d candidates in %.1f s%n", result.candidates(), seconds);
        out.printf(Locale.ROOT, "ops %d -> %d, run faults %d -> %d%s%n", original.workload().size(),
                min.workload().size(), original.runFaults().size(), min.runFaults().size(),
                result.shrunk() ? "" : " (nothing smaller breaks the rule within the search bounds)");
        out.println("minimal case: " + ReplayArgs.describe(min));
        out.println("its violation: " + result.violation().describe());
        out.println("written: " + target);
        out.flush();
        return ExitCodes.VIOLATION;
    }

    /** {@code dir/x.json} -> {@code dir/x.min.json}. */
    static Path minimalBeside(Path file) {
        String name = file.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return file.resolveSibling(base + ".min.json");
    }
}
