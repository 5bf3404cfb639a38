package dev.crashbench.vfs.local;

import com.sun.jna.Platform;

import java.util.Optional;

/**
 * Loads {@link Libc} once per JVM and remembers why it failed, if it did. Kept apart from
 * {@link JnaIo} so that asking works even when the JNA jar is missing from the class path.
 */
final class JnaProbe {
    private JnaProbe() {
    }

    /** Why the JNA backend cannot be used, or empty when it can. */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(Result.REASON);
    }

    /** Initialized on first use: the holder-class idiom makes the probe run exactly once. */
    private static final class Result {
        static final String REASON = probe();
    }

    private static String probe() {
        try {
            if (!Platform.isLinux()) {
                return "the JNA backend is Linux-only; os.name is " + System.getProperty("os.name");
            }
            if (!Platform.ARCH.equals("x86-64") && !Platform.ARCH.equals("aarch64")) {
                return "the JNA backend knows the flag values of x86-64 and aarch64 only; arch is " + Platform.ARCH;
            }
            Libc.register();
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "JNA did not load: " + e;
        }
    }
}
