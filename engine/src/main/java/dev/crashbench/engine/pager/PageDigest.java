package dev.crashbench.engine.pager;

/**
 * The page digest of a committed state: the XOR, over every page 1..count-1, of a 64-bit mix of
 * the page id and the page's checksum trailer. A commit updates it from the trailers its dirty
 * pages had and have ({@link #replace}), so it costs nothing to keep; the WAL stores it with
 * every commit and in its header at every reset, and the checkpoint that resets the WAL stores it
 * in the home copy of page 0 ({@link DbHeader}). Page 0 is left out: its home copy carries the
 * digest, and a stale page 0 is what the checkpoint sequence check at open catches.
 *
 * <p>Why: a page checksum catches a page whose bytes changed, not a page that holds an older,
 * intact version of itself. That is what a lost write leaves: a sync that lied before the WAL
 * frames that held the page were retired, a write that landed at another offset, a checkpoint
 * that copied home pages of commits the WAL then lost to rot. Every page still verifies and the
 * trees may even read, yet the state is no commit's. Recomputed over the pages and compared with
 * the digest their commit recorded, such a mix shows as corruption in the integrity check.
 */
public final class PageDigest {
    /** The digest of nothing: XOR's identity. */
    public static final long EMPTY = 0;

    private PageDigest() {
    }

    /** What page {@code pageId} with checksum trailer {@code checksum} contributes. */
    public static long contribution(int pageId, int checksum) {
        long z = ((long) pageId << 32) ^ Integer.toUnsignedLong(checksum);
        // SplitMix64's finalizer: every input bit affects every output bit, so two stale pages
        // do not cancel out the way their raw (id, checksum) words could.
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code digest} with page {@code pageId}'s trailer changed from {@code before} to {@code after}. */
    public static long replace(long digest, int pageId, int before, int after) {
        return digest ^ contribution(pageId, before) ^ contribution(pageId, after);
    }

    /** {@code digest} with page {@code pageId}, new, added with trailer {@code checksum}. */
    public static long add(long digest, int pageId, int checksum) {
        return digest ^ contribution(pageId, checksum);
    }

    /** The checksum trailer of a page image. */
    public static int trailer(byte[] image) {
        return PageBytes.getInt(image, Page.OFFSET_CHECKSUM);
    }
}
