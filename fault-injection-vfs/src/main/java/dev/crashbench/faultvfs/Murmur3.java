package dev.crashbench.faultvfs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3, x64 128-bit variant (Austin Appleby's public-domain algorithm, as in SMHasher),
 * over whole 16-byte blocks only: byte arrays whose length is a multiple of 16 (pages) and long
 * arrays of even length. Its 128-bit output is what {@link DiskHasher} keys crash images by.
 *
 * <p>Not a cryptographic hash: it resists accidental collisions (it passes SMHasher's
 * distribution and avalanche tests), not crafted ones. The bytes it hashes come from the engine
 * under test and the simulator, neither of which is trying to collide it.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Murmur3() {
    }

    /** The hash of {@code data}, whose length must be a multiple of 16, into {@code out[0..1]}. */
    static void hash(byte[] data, long seed, long[] out) {
        if ((data.length & 15) != 0) {
            throw new IllegalArgumentException("whole 16-byte blocks only, not " + data.length + " bytes");
        }
        long h1 = seed;
        long h2 = seed;
        for (int i = 0; i < data.length; i += 16) {
            h1 = mixH1(h1, h2, (long) LONGS.get(data, i));
            h2 = mixH2(h2, h1, (long) LONGS.get(data, i + 8));
        }
        finish(h1, h2, data.length, out);
    }

    /**
     * A 128-bit hash of {@code data}, whose length must be a multiple of 64, for whole pages: the
     * data is cut into four equal quarters, each quarter is hashed as by {@link #hash(byte[], long,
     * long[])} with seed {@code seed + q}, and the four 128-bit results are hashed again (as eight
     * longs, with {@code seed}). The four quarters run in one loop: their multiply chains overlap,
     * several times faster than one chain over the whole page. Two different pages collide only if
     * some quarter's hashes or the final hash collide.
     */
    static void hashQuarters(byte[] data, long seed, long[] out) {
        if ((data.length & 63) != 0) {
            throw new IllegalArgumentException("whole 64-byte blocks only, not " + data.length + " bytes");
        }
        int quarter = data.length >>> 2;
        long a1 = seed;
        long a2 = seed;
        long b1 = seed + 1;
        long b2 = seed + 1;
        long c1 = seed + 2;
        long c2 = seed + 2;
        long d1 = seed + 3;
        long d2 = seed + 3;
        for (int i = 0; i < quarter; i += 16) {
            a1 = mixH1(a1, a2, (long) LONGS.get(data, i));
            a2 = mixH2(a2, a1, (long) LONGS.get(data, i + 8));
            b1 = mixH1(b1, b2, (long) LONGS.get(data, quarter + i));
            b2 = mixH2(b2, b1, (long) LONGS.get(data, quarter + i + 8));
            c1 = mixH1(c1, c2, (long) LONGS.get(data, 2 * quarter + i));
            c2 = mixH2(c2, c1, (long) LONGS.get(data, 2 * quarter + i + 8));
            d1 = mixH1(d1, d2, (long) LONGS.get(data, 3 * quarter + i));
            d2 = mixH2(d2, d1, (long) LONGS.get(data, 3 * quarter + i + 8));
        }
        long[] lanes = new long[8];
        long[] lane = new long[2];
        finish(a1, a2, quarter, lane);
        lanes[0] = lane[0];
        lanes[1] = lane[1];
        finish(b1, b2, quarter, lane);
        lanes[2] = lane[0];
        lanes[3] = lane[1];
        finish(c1, c2, quarter, lane);
        lanes[4] = lane[0];
        lanes[5] = lane[1];
        finish(d1, d2, quarter, lane);
        lanes[6] = lane[0];
        lanes[7] = lane[1];
        hash(lanes, 8, seed, out);
    }

    /** The hash of {@code words[0..count)} read as little-endian bytes; {@code count} must be even. */
    static void hash(long[] words, int count, long seed, long[] out) {
        if ((count & 1) != 0) {
            throw new IllegalArgumentException("whole 16-byte blocks only, not " + count + " longs");
        }
        long h1 = seed;
        long h2 = seed;
        for (int i = 0; i < count; i += 2) {
            h1 = mixH1(h1, h2, words[i]);
            h2 = mixH2(h2, h1, words[i + 1]);
        }
        finish(h1, h2, 8L * count, out);
    }

    private static long mixH1(long h1, long h2, long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= C2;
        h1 ^= k1;
        h1 = Long.rotateLeft(h1, 27);
        h1 += h2;
        return h1 * 5 + 0x52dce729;
    }

    private static long mixH2(long h2, long h1, long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= C1;
        h2 ^= k2;
        h2 = Long.rotateLeft(h2, 31);
        h2 += h1;
        return h2 * 5 + 0x38495ab5;
    }

    private static void finish(long h1, long h2, long length, long[] out) {
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        out[0] = h1;
        out[1] = h2;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
