package dev.crashbench.recovery.property;

import dev.crashbench.recovery.explore.CrashCase;
import dev.crashbench.recovery.oracle.Violation;
import dev.crashbench.recovery.replay.ReplayCodec;
import dev.crashbench.recovery.replay.ReplayFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Where the property suites write replay files: {@code target/crashbench-replays/} of this module,
 * one file per failing case, named by the suite, the rule and a checksum of the contents, so the
 * many cases jqwik tries while shrinking never overwrite the one it reports.
 */
public final class ReplayFiles {
    /** Surefire runs in the module's directory and tells it as {@code basedir}. */
    public static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "crashbench-replays")
            .toAbsolutePath();

    private ReplayFiles() {
    }

    public static Path write(String suite, Violation violation, CrashCase crashCase) {
        ReplayFile file = ReplayFile.of(violation, crashCase);
        CRC32 crc = new CRC32();
        crc.update(ReplayCodec.toJson(file).getBytes(StandardCharsets.UTF_8));
        Path path = DIRECTORY.resolve(String.format(Locale.ROOT, "%s-%s-%08x.json", suite,
                violation.rule().name().toLowerCase(Locale.ROOT), crc.getValue()));
        try {
            ReplayCodec.write(file, path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the replay file " + path, e);
        }
        return path;
    }
}
