package dev.crashbench.torture.cli;

import dev.crashbench.bench.Profile;
import dev.crashbench.bench.Workload;
import dev.crashbench.bench.contender.Contender;
import dev.crashbench.bench.contender.ReferenceEngine;
import dev.crashbench.bench.report.BenchOutput;
import dev.crashbench.bench.run.BenchPlan;
import dev.crashbench.bench.run.BenchResults;
import dev.crashbench.bench.run.BenchRun;
import dev.crashbench.bench.storage.StorageInfo;
import dev.crashbench.engine.EngineOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * The older measuring commands ({@code commit-bench}, {@code sql-bench}) as thin front-ends over
 * the bench: a subset of its contenders and workloads, without the gate (so every figure is
 * NOT_GATED), the report printed and written under the data directory's {@code report/}.
 */
final class UngatedBench {
    private UngatedBench() {
    }

    /** One reference engine configuration from repeated KEY=VALUE options, applied to the defaults. */
    /** The commit workloads' sizes as the commands take them: a usage error names every bound. */
    static void checkCommitSizes(int commits, int warmup, int rounds, CommandLine commandLine) {
        if (commits < 1 || warmup < 0 || rounds < Profile.MIN_ROUNDS) {
            throw new CommandLine.ParameterException(commandLine,
                    "--commits must be at least 1, --warmup at least 0, --rounds at least " + Profile.MIN_ROUNDS);
        }
    }

    static ReferenceEngine engine(EngineOptionsMixin engineOptions) {
        return new ReferenceEngine("crashbench", engineOptions.applyTo(EngineOptions.defaults()));
    }

    static int run(Profile profile, List<Contender> contenders, Set<Workload> workloads, Path dir, boolean allowTmpfs,
                   CommandLine commandLine) throws Exception {
        Path directory = dir.toAbsolutePath().normalize();
        StorageInfo storage = BenchCommand.storage(directory.resolve("data"), allowTmpfs, commandLine);
        BenchPlan plan = new BenchPlan(profile, contenders, workloads, storage, directory.resolve("replay"),
                Optional.empty());
        PrintWriter out = commandLine.getOut();
        out.println("not gated: these figures are NOT_GATED; `crashbench bench` runs the recovery gate first");
        BenchResults results = new BenchRun(plan, out).run();
        BenchOutput.Written written = BenchOutput.write(results, null, directory.resolve("report"));
        out.println();
        out.print(written.report());
        out.flush();
        return ExitCodes.OK;
    }
}
