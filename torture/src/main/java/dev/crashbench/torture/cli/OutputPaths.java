package dev.crashbench.torture.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Checks of the paths a command will write, made before it does any work: a campaign that runs
 * for an hour and then cannot write its summary has wasted the hour.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** {@code dir} is a directory, or can be created as one. */
    static void requireDirectory(String option, Path dir, CommandLine commandLine) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(commandLine, option + " " + dir + " is a file, not a directory");
        }
        requireCreatableUnder(option, dir, commandLine);
    }

    /** {@code file} is not a directory, and its directory exists or can be created. */
    static void requireFile(String option, Path file, CommandLine commandLine) {
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(commandLine, option + " " + file + " is a directory, not a file");
        }
        requireCreatableUnder(option, file, commandLine);
    }

    /** The nearest existing ancestor of {@code path} is a writable directory. */
    private static void requireCreatableUnder(String option, Path path, CommandLine commandLine) {
        Path ancestor = path.toAbsolutePath().normalize().getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            return;
        }
        if (!Files.isDirectory(ancestor)) {
            throw new CommandLine.ParameterException(commandLine, option + " " + path + " lies under " + ancestor
                    + ", which is a file, not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new CommandLine.ParameterException(commandLine, option + " " + path + ": cannot write in " + ancestor);
        }
    }
}
