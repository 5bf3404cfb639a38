package dev.crashbench.faultvfs;

/** Derives sub-seeds from a master seed and step numbers, so no random choice depends on anything else. */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed seed for (seed, a, b): SplitMix64's finalizer over a simple combination. */
    public static long mix(long seed, long a, long b) {
        long z = seed;
        z = finalize64(z + 0x9E3779B97F4A7C15L * (a + 1));
        z = finalize64(z + 0xC2B2AE3D27D4EB4FL * (b + 1));
        return z;
    }

    /** A well-mixed seed for (seed, a). */
    public static long mix(long seed, long a) {
        return mix(seed, a, 0);
    }

    private static long finalize64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
