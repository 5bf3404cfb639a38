package dev.crashbench.torture.inspect;

/** Shows magic bytes as text a terminal can print: ASCII as is, anything else as {@code \xNN}. */
final class Magic {
    private Magic() {
    }

    static String text(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, FileKind.MAGIC_SIZE); i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x21 && b <= 0x7E && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out.toString();
    }
}
