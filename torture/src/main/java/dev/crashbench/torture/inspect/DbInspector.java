package dev.crashbench.torture.inspect;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.DbHeader;
import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.pager.PageBytes;
import dev.crashbench.engine.pager.PageChecksum;
import dev.crashbench.vfs.VfsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a database file: page 0's fields as stored, the engine's verdict on them
 * ({@link DbHeader#decode}, {@link PageChecksum}), and optionally every page's type and trailer.
 */
final class DbInspector {
    private DbInspector() {
    }

    static DbInspection inspect(VfsFile file, String shown, boolean listPages, long limit)
            throws IOException, NotInspectableException {
        long size = file.size();
        if (size < Page.SIZE) {
            throw new NotInspectableException(shown + ": a database file of " + size
                    + " bytes, shorter than its " + Page.SIZE + "-byte header page");
        }
        PageChecksum checksum = new PageChecksum();
        byte[] image = new byte[Page.SIZE];
        file.readFully(0, ByteBuffer.wrap(image));
        DbInspection.Header header = header(image, shown, checksum);

        long pagesInFile = size / Page.SIZE;
        int partial = (int) (size % Page.SIZE);
        List<DbInspection.PageLine> pages = null;
        long notListed = 0;
        if (listPages) {
            long listed = Math.min(pagesInFile, limit);
            pages = new ArrayList<>();
            for (long id = 0; id < listed; id++) {
                long offset = id * Page.SIZE;
                file.readFully(offset, ByteBuffer.wrap(image));
                pages.add(new DbInspection.PageLine(id, offset, pageType(id, image), checksum.verify((int) id, image)));
            }
            notListed = pagesInFile - listed;
        }
        return new DbInspection(shown, FileKind.DATABASE, size, header, pagesInFile, partial, pages, notListed);
    }

    private static DbInspection.Header header(byte[] page, String shown, PageChecksum checksum) {
        boolean checksumValid = checksum.verify(0, page);
        String problem = null;
        if (!checksumValid) {
            problem = "page 0 fails its checksum: the engine then needs page 0 from the WAL";
        } else {
            try {
                DbHeader.decode(page, shown);
            } catch (CorruptDatabaseException e) {
                problem = e.getMessage();
            }
        }
        return new DbInspection.Header(Magic.text(page),
                PageBytes.getInt(page, DbHeader.OFFSET_VERSION),
                PageBytes.getInt(page, DbHeader.OFFSET_PAGE_SIZE),
                PageBytes.getInt(page, DbHeader.OFFSET_PAGE_COUNT),
                PageBytes.getInt(page, DbHeader.OFFSET_FREE_LIST_HEAD),
                PageBytes.getInt(page, DbHeader.OFFSET_FREE_PAGE_COUNT),
                PageBytes.getInt(page, DbHeader.OFFSET_CATALOG_ROOT),
                PageBytes.getLong(page, DbHeader.OFFSET_CHECKPOINT_SEQUENCE),
                Hex.of64(PageBytes.getLong(page, DbHeader.OFFSET_HOME_DIGEST)),
                Hex.of32(PageBytes.getInt(page, Page.OFFSET_CHECKSUM)),
                checksumValid, problem);
    }

    /** The page type its first byte names ({@link Page}); page 0 is the header. */
    static String pageType(long id, byte[] image) {
        if (Hex.allZero(image)) {
            return "zero";
        }
        byte type = image[0];
        if (id == 0) {
            return type == Page.TYPE_HEADER ? "header" : unknown(type);
        }
        return switch (type) {
            case Page.TYPE_LEAF -> "leaf";
            case Page.TYPE_INTERIOR -> "interior";
            case Page.TYPE_OVERFLOW -> "overflow";
            case Page.TYPE_FREE -> "free";
            default -> unknown(type);
        };
    }

    private static String unknown(byte type) {
        return String.format("unknown 0x%02x", type & 0xFF);
    }
}
