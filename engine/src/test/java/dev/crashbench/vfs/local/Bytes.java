package dev.crashbench.vfs.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Buffer helpers for tests. */
final class Bytes {
    private Bytes() {
    }

    static ByteBuffer heap(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    /** {@code n} bytes where byte {@code i} is {@code (seed + i * 31) & 0xff}. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return b;
    }

    static String string(ByteBuffer flippedOrFull) {
        ByteBuffer b = flippedOrFull.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    static byte[] array(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
