package dev.crashbench.torture.inspect;

import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.wal.WalHeader;
import java.util.Arrays;

/** The two kinds of file the reference engine writes, told apart by their first eight bytes. */
public enum FileKind {
    DATABASE(DbHeader.MAGIC),
    WAL(WalHeader.MAGIC);

    /** Bytes of magic at the start of either kind of file. */
    public static final int MAGIC_SIZE = 8;

    private final byte[] magic;

    FileKind(byte[] magic) {
        if (magic.length != MAGIC_SIZE) {
            throw new IllegalStateException("magic of " + name() + " is " + magic.length + " bytes");
        }
        this.magic = magic;
    }

    /** The kind whose magic {@code first} (at least {@link #MAGIC_SIZE} bytes) starts with, or null. */
    public static FileKind ofMagic(byte[] first) {
        for (FileKind kind : values()) {
            if (Arrays.equals(first, 0, MAGIC_SIZE, kind.magic, 0, MAGIC_SIZE)) {
                return kind;
            }
        }
        return null;
    }

    /** The magic as the format table writes it, e.g. {@code CBENCHWL}. */
    public String magicText() {
        return Magic.text(magic);
    }
}
