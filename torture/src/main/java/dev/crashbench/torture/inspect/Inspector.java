package dev.crashbench.torture.inspect;

import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import dev.crashbench.vfs.local.LocalVfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a file strictly read-only through the real VFS ({@link OpenOption#READ_ONLY}, never
 * {@code CREATE}), tells a database file from a WAL by its magic, and reads it. Nothing is
 * created, written, truncated or synced: inspecting a crash image leaves it as the crash left it.
 */
public final class Inspector {
    private Inspector() {
    }

    /**
     * What to read.
     *
     * @param kind  read the file as this kind whatever its magic (a damaged header), or null to go by the magic
     * @param pages list every page of a database file
     * @param limit list at most this many frame slots or pages
     */
    public record Options(FileKind kind, boolean pages, long limit) {
        public Options {
            if (limit < 0) {
                throw new IllegalArgumentException("limit " + limit);
            }
        }

        public static Options defaults() {
            return new Options(null, false, Long.MAX_VALUE);
        }
    }

    public static Inspection inspect(Path path, Options options) throws NotInspectableException {
        String shown = path.toString();
        Path absolute = path.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        if (dir == null || name == null) {
            throw new NotInspectableException(shown + ": not a file");
        }
        if (!Files.exists(absolute)) {
            throw new NotInspectableException(shown + ": no such file");
        }
        if (!Files.isRegularFile(absolute)) {
            throw new NotInspectableException(shown + ": not a regular file");
        }
        try {
            LocalVfs vfs = LocalVfs.at(dir);
            try (VfsFile file = vfs.open(name.toString(), OpenOption.READ_ONLY)) {
                FileKind kind = options.kind() != null ? options.kind() : detect(file, shown);
                return switch (kind) {
                    case DATABASE -> DbInspector.inspect(file, shown, options.pages(), options.limit());
                    case WAL -> WalInspector.inspect(file, shown, options.limit());
                };
            }
        } catch (IOException e) {
            throw new NotInspectableException(shown + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static FileKind detect(VfsFile file, String shown) throws IOException, NotInspectableException {
        byte[] magic = new byte[FileKind.MAGIC_SIZE];
        int got = file.read(0, ByteBuffer.wrap(magic));
        if (got < magic.length) {
            throw new NotInspectableException(shown + ": " + Math.max(got, 0) + " bytes, too short for a crashbench "
                    + "database or WAL file (" + FileKind.MAGIC_SIZE + "-byte magic)");
        }
        FileKind kind = FileKind.ofMagic(magic);
        if (kind == null) {
            throw new NotInspectableException(shown + ": not a crashbench database or WAL file: it starts with "
                    + Magic.text(magic) + ", not " + FileKind.DATABASE.magicText() + " or " + FileKind.WAL.magicText()
                    + " (--kind reads a file with a damaged magic anyway)");
        }
        return kind;
    }
}
