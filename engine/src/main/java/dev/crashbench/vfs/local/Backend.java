package dev.crashbench.vfs.local;

import java.util.Locale;
import java.util.Optional;

/**
 * How {@link LocalVfs} reaches the operating system.
 *
 * <ul>
 *   <li>{@link #JNA}: libc called directly through JNA direct mapping ({@code open(2)},
 *       {@code pread}, {@code pwrite}, {@code fdatasync}, {@code fsync}, {@code ftruncate},
 *       {@code posix_fallocate}, {@code rename(2)}). Every failure keeps the kernel's errno, and
 *       the calls are exactly the ones named, with no JDK layer in between. Offered only on
 *       Linux x86_64 and aarch64, whose flag and errno values it hard-codes.</li>
 *   <li>{@link #NIO}: {@code FileChannel} and {@code Files}. Portable, but errno numbers are
 *       recovered from exception types and messages, growing a file by {@code truncate} writes
 *       one zero byte, and {@code allocate} writes zeros instead of calling {@code fallocate}.</li>
 * </ul>
 *
 * <p>{@link #preferred()} picks JNA when it loads and NIO otherwise; the system property
 * {@value #PROPERTY} ({@code jna}, {@code nio} or {@code auto}) overrides the choice.
 */
public enum Backend {
    JNA,
    NIO;

    /** System property that forces a backend: {@code jna}, {@code nio} or {@code auto} (the default). */
    public static final String PROPERTY = "crashbench.vfs.backend";

    /** Lower-case name used in {@link LocalVfs#describe()} and in {@link #PROPERTY}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the JNA backend loaded in this JVM. */
    public static boolean jnaAvailable() {
        return JnaProbe.unavailableReason().isEmpty();
    }

    /** Why the JNA backend is not available, or empty when it is. */
    public static Optional<String> jnaUnavailableReason() {
        return JnaProbe.unavailableReason();
    }

    /**
     * The backend {@link LocalVfs#at(java.nio.file.Path)} uses: the one {@value #PROPERTY} names,
     * else JNA when it loads, else NIO.
     *
     * @throws IllegalArgumentException when the property holds something else
     */
    public static Backend preferred() {
        return choose(System.getProperty(PROPERTY), jnaAvailable());
    }

    /** The choice {@link #preferred()} makes, as a pure function of its two inputs. */
    static Backend choose(String propertyValue, boolean jnaLoads) {
        String value = propertyValue == null ? "" : propertyValue.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "":
            case "auto":
                return jnaLoads ? JNA : NIO;
            case "jna":
                return JNA;
            case "nio":
                return NIO;
            default:
                throw new IllegalArgumentException(
                        PROPERTY + " must be jna, nio or auto, got '" + propertyValue + "'");
        }
    }
}
