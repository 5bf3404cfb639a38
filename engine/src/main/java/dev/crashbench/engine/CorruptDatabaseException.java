package dev.crashbench.engine;

import java.io.IOException;

/**
 * The database or WAL file holds bytes the engine cannot trust: a bad checksum, an impossible
 * header field, a page of the wrong type where the tree expects another. The engine throws this
 * instead of returning data it cannot vouch for; the message always names the file and, where one
 * is involved, the page.
 */
public final class CorruptDatabaseException extends IOException {
    /** Marks a problem that is not about one page (a file header, a file length). */
    public static final long NO_PAGE = -1;

    private final String file;
    private final long page;

    public CorruptDatabaseException(String file, long page, String detail) {
        super(describe(file, page, detail));
        this.file = file;
        this.page = page;
    }

    private static String describe(String file, long page, String detail) {
        String where = page == NO_PAGE ? file : file + " page " + page;
        return "corrupt database: " + where + ": " + detail;
    }

    /** The file the bad bytes were read from. */
    public String file() {
        return file;
    }

    /** The page (database page id, or WAL frame index for the WAL), or {@link #NO_PAGE}. */
    public long page() {
        return page;
    }
}
