package dev.crashbench.torture.cli;

import dev.crashbench.engine.UnsafeMutation;
import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.MutationSelfTest;
import dev.crashbench.recovery.replay.ProjectVersion;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import dev.crashbench.torture.campaign.MutantsReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crashbench mutants}: the mutation self-test, proof that the explorer catches real bug classes. */
@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = {"Run the mutation self-test: the same fixed campaign (every tier, every fault family) once "
                + "per durability mutation of the engine (unsafe options such as a sync that does nothing), "
                + "stopping at the first violation, and once on the healthy engine with the whole budget.",
                "Prints one row per mutation (detected, states until detection, seconds, replay file) and writes "
                        + "OUT/mutants.json and a replay file per detected mutation under OUT."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every mutation was detected and the healthy engine passed the same campaign",
                "1:a mutation went undetected, or the healthy engine failed",
                "2:bad usage",
                "3:internal error"})
public final class MutantsCommand implements Callable<Integer> {
    static final long DEFAULT_STATES = 40_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Campaign seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--states", paramLabel = "N",
            description = "State budget of each campaign (default: ${DEFAULT-VALUE}).")
    long states = DEFAULT_STATES;

    @Option(names = "--mutation", paramLabel = "KEY", split = ",",
            description = "Only these mutations, by option key (repeatable or comma-separated; default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where mutants.json and the replay files go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("crashbench-out", "mutants");

    @Override
    public Integer call() throws IOException {
        if (states < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--states must be at least 1");
        }
        List<UnsafeMutation> mutations = mutations();
        OutputPaths.requireDirectory("--out", out, spec.commandLine());
        PrintWriter stdout = spec.commandLine().getOut();
        PrintStream progress = System.err;
        stdout.printf(Locale.ROOT, "crashbench mutants: seed %d, %,d states per campaign, %d mutations + healthy%n",
                seed, states, mutations.size());
        stdout.flush();
        MutationSelfTest.Report report = new MutationSelfTest(seed, Budget.states(states), System::nanoTime)
                .run(mutations, new MutationSelfTest.Listener() {
                    @Override
                    public void started(String name) {
                        progress.println("running " + name + " ...");
                    }

                    @Override
                    public void finished(MutationSelfTest.Outcome o) {
                        progress.printf(Locale.ROOT, "%s: %s after %,d states, %.1f s%n", o.name(),
                                o.detected() ? "detected" : "not detected", o.states(), o.seconds());
                    }
                });
        List<MutantsReport.Row> rows = new ArrayList<>();
        for (MutationSelfTest.Outcome o : report.mutations()) {
            rows.add(row(o));
        }
        MutantsReport written = new MutantsReport(MutantsReport.FORMAT, MutantsReport.FORMAT_VERSION,
                ProjectVersion.get(), seed, states, report.passed(), rows, row(report.healthy()));
        written.write(out.resolve("mutants.json"));
        printTable(stdout, written);
        return report.passed() ? ExitCodes.OK : ExitCodes.VIOLATION;
    }

    private List<UnsafeMutation> mutations() {
        if (only.isEmpty()) {
            return List.of(UnsafeMutation.values());
        }
        List<UnsafeMutation> chosen = new ArrayList<>();
        for (String key : only) {
            UnsafeMutation m = UnsafeMutation.byKey(key.trim()).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "unknown mutation '" + key + "'; known: "
                            + knownKeys()));
            if (!chosen.contains(m)) {
                chosen.add(m);
            }
        }
        return chosen;
    }

    private static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (UnsafeMutation m : UnsafeMutation.values()) {
            keys.add(m.key());
        }
        return String.join(", ", keys);
    }

    /** The outcome as a row, writing its replay file (named after the campaign) when it found something. */
    private MutantsReport.Row row(MutationSelfTest.Outcome o) {
        String replay = null;
        if (o.found() != null) {
            Path file = out.resolve(o.name() + ".json");
            try {
                ReplayCodec.write(ReplayFile.of(o.found().violation(), o.found().crashCase()), file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            replay = file.getFileName().toString();
        }
        return new MutantsReport.Row(o.name(), o.detected(), o.states(), Math.round(o.seconds() * 100) / 100.0,
                o.found() == null ? null : o.found().violation().rule().name(), replay);
    }

    private void printTable(PrintWriter stdout, MutantsReport report) {
        String format = "%-40s %-9s %9s %8s  %-11s %s%n";
        stdout.printf(Locale.ROOT, format, "mutation", "detected", "states", "seconds", "rule", "replay file");
        List<MutantsReport.Row> all = new ArrayList<>(report.mutations());
        all.add(report.healthy());
        for (MutantsReport.Row r : all) {
            stdout.printf(Locale.ROOT, format, r.name(), r.detected() ? "yes" : "no",
                    String.format(Locale.ROOT, "%,d", r.states()), String.format(Locale.ROOT, "%.2f", r.seconds()),
                    r.rule() == null ? "-" : r.rule(), r.replayFile() == null ? "-" : out.resolve(r.replayFile()));
        }
        stdout.println(report.passed()
                ? "PASSED: every mutation was detected and the healthy engine passed the same campaign"
                : "FAILED: " + failure(report));
        stdout.println("written: " + out.resolve("mutants.json"));
        stdout.flush();
    }

    private static String failure(MutantsReport report) {
        List<String> why = new ArrayList<>();
        for (MutantsReport.Row r : report.mutations()) {
            if (!r.detected()) {
                why.add(r.name() + " went undetected");
            }
        }
        if (report.healthy().detected()) {
            why.add("the healthy engine failed the campaign (" + report.healthy().rule() + ", see "
                    + report.healthy().replayFile() + ")");
        }
        return String.join("; ", why);
    }
}
