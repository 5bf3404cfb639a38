package dev.crashbench.torture.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;

/** The {@code crashbench} command: one subcommand per file in this package. */
@Command(name = "crashbench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A durability and crash-recovery test bench for storage engines.",
        subcommands = {DemoCommand.class, TortureCommand.class, ReplayCommand.class, ShrinkCommand.class,
                MutantsCommand.class, InspectCommand.class, CorruptFuzzCommand.class, BenchCommand.class, CommitBenchCommand.class, CommitConcurrentCommand.class,
                SqlBenchCommand.class, SyncFloorCommand.class, SimDiskBenchCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ran to the end, nothing wrong",
                "1:a durability violation was found",
                "2:bad usage",
                "3:internal error"})
public final class CrashbenchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Runs the command line with the given streams and returns the exit code; nothing is global. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new CrashbenchCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                ? ExitCodes.USAGE : ExitCodes.INTERNAL_ERROR);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("crashbench: " + e.getMessage());
            if (isUsageMistake(e)) {
                e.getCommandLine().usage(e.getCommandLine().getErr());
            }
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /**
     * Whether the command line itself is wrong (an unknown option or subcommand, a missing
     * argument), so the usage text helps; a bad value or a bad file gets its one line only.
     */
    private static boolean isUsageMistake(CommandLine.ParameterException e) {
        return e instanceof CommandLine.UnmatchedArgumentException || e instanceof CommandLine.MissingParameterException;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }
}
