package dev.crashbench.torture.inspect;

import java.util.List;

/**
 * A database file as {@code inspect} found it.
 *
 * @param pagesInFile      whole pages the file holds (pages past the header's count may exist; pages
 *                         below it may still live only in the WAL)
 * @param partialPageBytes bytes after the last whole page
 * @param pages            one line per page, or null when pages were not asked for
 * @param pagesNotListed   whole pages past the listing limit
 */
public record DbInspection(String file, FileKind kind, long sizeBytes, Header header, long pagesInFile,
                           int partialPageBytes, List<PageLine> pages, long pagesNotListed) implements Inspection {

    /**
     * Page 0's fields as stored, whatever their validity.
     *
     * @param homeDigest    the page digest the last checkpoint that reset the WAL recorded, in hex
     * @param checksumValid whether page 0's trailer matches its contents
     * @param problem       why the engine would not read this header (its decode error), or null when it would
     */
    public record Header(String magic, int version, int pageSize, int pageCount, int freeListHead,
                         int freePageCount, int catalogRoot, long checkpointSequence, String homeDigest,
                         String storedChecksum,
                         boolean checksumValid, String problem) {
    }

    /** One page of the file: its type from its first byte, and whether its trailer checksum verifies. */
    public record PageLine(long id, long offset, String type, boolean checksumValid) {
    }
}
