package dev.crashbench.engine.pager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian field access on page images held as {@code byte[]}, without allocating. Every
 * on-disk integer of the engine is little-endian.
 */
public final class PageBytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private PageBytes() {
    }

    /** Unsigned 16-bit value at {@code offset}. */
    public static int getU16(byte[] page, int offset) {
        return Short.toUnsignedInt((short) SHORT.get(page, offset));
    }

    public static void putU16(byte[] page, int offset, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("not an unsigned 16-bit value: " + value);
        }
        SHORT.set(page, offset, (short) value);
    }

    public static int getInt(byte[] page, int offset) {
        return (int) INT.get(page, offset);
    }

    public static void putInt(byte[] page, int offset, int value) {
        INT.set(page, offset, value);
    }

    public static long getLong(byte[] page, int offset) {
        return (long) LONG.get(page, offset);
    }

    public static void putLong(byte[] page, int offset, long value) {
        LONG.set(page, offset, value);
    }
}
