package dev.crashbench.engine.sql;

/**
 * UTF-8 encoding of a string straight into an existing array, with its length counted first, so
 * a row can be encoded without the temporary array {@code String.getBytes} makes. The bytes are
 * exactly those of {@code getBytes(StandardCharsets.UTF_8)}, including its replacement of an
 * unpaired surrogate by {@code '?'}: rows written either way are the same.
 */
final class Utf8 {
    private static final byte REPLACEMENT = '?';

    private Utf8() {
    }

    /** The number of bytes {@link #encode} writes for {@code s}. */
    static int length(String s) {
        int n = s.length();
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Writes {@code s} at {@code offset} of {@code out}; returns the number of bytes written. */
    static int encode(String s, byte[] out, int offset) {
        int n = s.length();
        int at = offset;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xf0 | cp >> 18);
                out[at++] = (byte) (0x80 | cp >> 12 & 0x3f);
                out[at++] = (byte) (0x80 | cp >> 6 & 0x3f);
                out[at++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                out[at++] = REPLACEMENT;
            } else {
                out[at++] = (byte) (0xe0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[at++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return at - offset;
    }
}
