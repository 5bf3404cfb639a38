package dev.crashbench.torture.inspect;

/** Fixed-width hexadecimal for salts and checksums, so columns line up and JSON keeps all 64 bits. */
final class Hex {
    private Hex() {
    }

    static String of32(int value) {
        return String.format("0x%08x", value);
    }

    static String of64(long value) {
        return String.format("0x%016x", value);
    }

    static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
