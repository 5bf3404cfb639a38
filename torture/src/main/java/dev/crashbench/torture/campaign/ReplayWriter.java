package dev.crashbench.torture.campaign;

import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes each violation as a replay file the moment it is found, so a campaign that is killed
 * later still leaves every violation it saw. Names are {@code <prefix>-<n>-<tier>-<rule>.json},
 * numbered from 1 in the order found.
 */
public final class ReplayWriter {
    private final Path directory;
    private final String prefix;
    private int written;

    public ReplayWriter(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    public Path write(Found found) {
        written++;
        String name = String.format(Locale.ROOT, "%s-%03d-%s-%s.json", prefix, written,
                found.crashCase().tier().key(), found.violation().rule().name().toLowerCase(Locale.ROOT));
        Path path = directory.resolve(name);
        try {
            ReplayCodec.write(ReplayFile.of(found.violation(), found.crashCase()), path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write replay file " + path, e);
        }
        return path;
    }
}
