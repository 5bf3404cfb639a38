package dev.crashbench.engine.pager;

/**
 * Facts shared by every page of the database file.
 *
 * <p>Every page, whatever its type, ends with a 4-byte CRC32C trailer written by the pager when the
 * page is committed and checked whenever the page is read back from the WAL or the database file.
 * The checksum is seeded with the page id, so a page image written at the wrong offset (a
 * misdirected write) fails the check just like a bit flip does.
 *
 * <table>
 *   <caption>Common page layout</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>page type: {@link #TYPE_HEADER}, {@link #TYPE_LEAF}, {@link #TYPE_INTERIOR},
 *       {@link #TYPE_OVERFLOW}, {@link #TYPE_FREE}</td></tr>
 *   <tr><td>1</td><td>4091</td><td>owned by the page type</td></tr>
 *   <tr><td>4092</td><td>4</td><td>CRC32C of (page id, bytes 0..4091)</td></tr>
 * </table>
 */
public final class Page {
    /** Bytes per page, in the database file and in each WAL frame. */
    public static final int SIZE = 4096;
    /** Bytes at the end of every page reserved for the pager's checksum. */
    public static final int TRAILER_SIZE = 4;
    /** Bytes a page type may use: offsets 0 (inclusive) to this (exclusive). */
    public static final int USABLE_SIZE = SIZE - TRAILER_SIZE;
    /** Offset of the CRC32C trailer. */
    public static final int OFFSET_CHECKSUM = USABLE_SIZE;

    public static final byte TYPE_HEADER = 'C'; // page 0 only: the first byte of its magic
    public static final byte TYPE_LEAF = 0x01;
    public static final byte TYPE_INTERIOR = 0x02;
    public static final byte TYPE_OVERFLOW = 0x03;
    public static final byte TYPE_FREE = 0x04;

    private Page() {
    }
}
