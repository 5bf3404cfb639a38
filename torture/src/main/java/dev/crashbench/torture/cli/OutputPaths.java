package dev.crashbench.torture.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Checks of the paths a command will write, made before it does any work: a campaign that runs
 * for an hour and then cannot write its summary has wasted the hour. A path that passes the
 * checks has its directory created, so that what the checks cannot foresee (a read-only or
 * special file system) also fails before the work.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** {@code dir} is a directory, or is created as one. */
    static void requireDirectory(String option, Path dir, CommandLine commandLine) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(commandLine, option + " " + dir + " is a file, not a directory");
        }
        requireCreatableUnder(option, dir, commandLine);
        create(option, dir, dir, commandLine);
    }

    /** {@code file} is not a directory, and its directory exists or is created. */
    static void requireFile(String option, Path file, CommandLine commandLine) {
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(commandLine, option + " " + file + " is a directory, not a file");
        }
        requireCreatableUnder(option, file, commandLine);
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            create(option, file, parent, commandLine);
        }
    }

    private static void create(String option, Path asked, Path dir, CommandLine commandLine) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new CommandLine.ParameterException(commandLine, option + " " + asked + ": cannot create " + dir
                    + " (" + e + ")");
        }
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
