package dev.crashbench.torture.cli;

import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.explore.StepFault;
import dev.crashbench.recovery.replay.InvalidReplayFileException;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/** What {@code replay} and {@code shrink} share: reading the file, and describing a case in one line. */
final class ReplayArgs {
    private ReplayArgs() {
    }

    /** The replay file at {@code path}; a missing, unreadable or invalid file is a usage error naming why. */
    static ReplayFile load(Path path, CommandLine commandLine) {
        if (Files.isDirectory(path)) {
            throw new CommandLine.ParameterException(commandLine, path + " is a directory, not a replay file");
        }
        if (!Files.isRegularFile(path)) {
            throw new CommandLine.ParameterException(commandLine, "no replay file at " + path);
        }
        try {
            return ReplayCodec.read(path);
        } catch (InvalidReplayFileException e) {
            throw new CommandLine.ParameterException(commandLine, path + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot read " + path + ": " + e);
        }
    }

    /** {@code exhaustive tier, 41 ops (20 commits), faults: step 57 power-cut; 3 pending ops, second stage: none}. */
    static String describe(CrashCase c) {
        StringBuilder faults = new StringBuilder();
        for (StepFault f : c.runFaults()) {
            faults.append(faults.length() == 0 ? "" : ", ").append("step ").append(f.step()).append(' ')
                    .append(f.fault().getClass().getSimpleName());
        }
        return String.format(Locale.ROOT, "%s tier, %d ops (%d commits), faults: %s; %s; second stage: %s",
                c.tier().key(), c.workload().size(), c.workload().commitOps(),
                faults.length() == 0 ? "none" : faults,
                c.fates() == null ? "violation before any cut" : c.fates().size() + " pending ops at the cut",
                c.second() == null ? "none" : c.second().kind().name().toLowerCase(Locale.ROOT));
    }
}
