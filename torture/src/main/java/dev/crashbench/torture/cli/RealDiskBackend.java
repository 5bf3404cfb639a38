package dev.crashbench.torture.cli;

import dev.crashbench.vfs.local.Backend;
import picocli.CommandLine;

/** The {@code --backend} choice of the commands that measure a real disk, resolved once for all of them. */
final class RealDiskBackend {
    private RealDiskBackend() {
    }

    /** {@code asked}, or the preferred backend when none was asked; a JNA that does not load is a usage error. */
    static Backend resolve(Backend asked, CommandLine commandLine) {
        Backend chosen = asked == null ? Backend.preferred() : asked;
        if (chosen == Backend.JNA && !Backend.jnaAvailable()) {
            throw new CommandLine.ParameterException(commandLine, "the JNA backend does not load here: "
                    + Backend.jnaUnavailableReason().orElse("unknown reason"));
        }
        return chosen;
    }
}
