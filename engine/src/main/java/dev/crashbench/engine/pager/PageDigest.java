package dev.crashbench.engine.pager;

/**
 * The page digest of a committed state: the XOR, over every page 0..count-1, of a 64-bit mix of
 * the page id and the page's checksum ({@link #checksumOf}). A commit updates it from the
 * checksums its dirty pages had and have ({@link #replace}), so it costs next to nothing to keep;
 * the WAL stores it with every commit and in its header at every reset, and the checkpoint that
 * resets the WAL stores it in the home copy of page 0 ({@link DbHeader}). For page 0 the checksum
 * is taken as if that home digest field were zero, so that writing the digest into page 0 does not
 * change the digest, and a stale page 0 still shows (the crash explorer found a cut that kept a
 * new page 0 over the old pages it no longer described).
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
        // SplitMix64: the golden-ratio step keeps (0, 0) from mapping to 0, and the finalizer makes
        // every input bit affect every output bit, so two stale pages do not cancel out the way
        // their raw (id, checksum) words could.
        long z = (((long) pageId << 32) ^ Integer.toUnsignedLong(checksum)) + 0x9E3779B97F4A7C15L;
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

    /**
     * The checksum page {@code pageId} counts with: its trailer, or for page 0 its checksum with the
     * home digest field zeroed (the image must be sealed or verified: the trailer is trusted).
     */
    public static int checksumOf(int pageId, byte[] image, PageChecksum checksum) {
        if (pageId != 0) {
            return trailer(image);
        }
        return checksum.computeWithout(0, image, DbHeader.OFFSET_HOME_DIGEST, DbHeader.OFFSET_HOME_DIGEST + 8);
    }
}
