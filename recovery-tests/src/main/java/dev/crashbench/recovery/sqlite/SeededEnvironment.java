package dev.crashbench.recovery.sqlite;

import java.util.SplittableRandom;

/**
 * What SQLite asks its VFS about the world outside the files — random bytes, the time, a
 * sleep — answered from a seed, never from the machine, so a run on a simulated disk repeats
 * exactly.
 *
 * <p>The clock starts at an instant drawn from the seed (within 2000–2029) and moves only when
 * SQLite looks at it (one millisecond per reading) or sleeps (by the time asked for, without
 * sleeping), so a busy-wait loop still ends.
 */
final class SeededEnvironment {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** 2000-01-01 00:00 UTC, Julian day 2,451,544.5, in milliseconds (SQLite's xCurrentTimeInt64 unit). */
    private static final long JULIAN_MILLIS_2000 = 2_451_544L * MILLIS_PER_DAY + MILLIS_PER_DAY / 2;
    private static final long THIRTY_YEARS_MILLIS = 30L * 365 * MILLIS_PER_DAY;

    private final SplittableRandom random;
    private long julianMillis;

    SeededEnvironment(long seed) {
        this.random = new SplittableRandom(seed);
        this.julianMillis = JULIAN_MILLIS_2000 + Math.floorMod(random.nextLong(), THIRTY_YEARS_MILLIS);
    }

    synchronized void randomBytes(byte[] out) {
        random.nextBytes(out);
    }

    /** The current time as SQLite's xCurrentTimeInt64 wants it: Julian day × 86,400,000. */
    synchronized long julianMillis() {
        return julianMillis++;
    }

    /** A sleep of {@code micros}: the clock moves on, the thread does not wait. */
    synchronized void sleep(int micros) {
        julianMillis += Math.max(0, micros) / 1000;
    }
}
