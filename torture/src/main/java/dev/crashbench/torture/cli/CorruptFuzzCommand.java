package dev.crashbench.torture.cli;

import dev.crashbench.engine.EngineOptions;
import dev.crashbench.recovery.fuzz.CorruptionFuzz;
import dev.crashbench.recovery.fuzz.FuzzBase;
import dev.crashbench.recovery.fuzz.FuzzReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crashbench corrupt-fuzz}: the corruption fuzz of the test suite, at any size. */
@Command(name = "corrupt-fuzz", mixinStandardHelpOptions = true,
        description = {"Damage copies of a database (a checkpointed part and a 30-commit WAL tail) in every way "
                + "(flipped bits, zeroed sectors, garbage and duplicated frames, WAL and resealed database header "
                + "fields, truncation), reopen each with the reference engine (default options plus every "
                + "--engine-option, the base written with the same) and print the outcomes per damage kind.",
                "Exits 1 if any copy gave silent loss of acknowledged commits, wrong data, a foreign exception, "
                        + "a hang or an OutOfMemoryError."})
public final class CorruptFuzzCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--copies", description = "Damaged copies to reopen (default: ${DEFAULT-VALUE}).")
    int copies = 10_000;

    @Option(names = "--seed", description = "Seed of the database and of every damage (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Mixin
    EngineOptionsMixin engineOptions;

    @Option(names = "--timeout-seconds", description = "Time limit per copy, after which it counts as a hang "
            + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 10;

    @Override
    public Integer call() throws Exception {
        if (copies < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--copies must be at least 1, got " + copies);
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--timeout-seconds must be at least 1, got " + timeoutSeconds);
        }
        EngineOptions options = engineOptions.applyTo(EngineOptions.defaults());
        FuzzReport report = new CorruptionFuzz(FuzzBase.build(seed, options), seed, Duration.ofSeconds(timeoutSeconds))
                .run(copies);
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        return report.failureCount() == 0 ? ExitCodes.OK : ExitCodes.VIOLATION;
    }
}
