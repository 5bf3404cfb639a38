package dev.crashbench.engine.pager;

import java.util.zip.CRC32C;

/**
 * The page trailer checksum (see {@link Page}): CRC32C over the page id and the usable bytes. One
 * instance per thread that uses it; it holds a reusable {@link CRC32C}.
 */
public final class PageChecksum {
    private final CRC32C crc = new CRC32C();

    /** The checksum page {@code pageId} with contents {@code image} should carry. */
    public int compute(int pageId, byte[] image) {
        crc.reset();
        crc.update(pageId);
        crc.update(pageId >>> 8);
        crc.update(pageId >>> 16);
        crc.update(pageId >>> 24);
        crc.update(image, 0, Page.USABLE_SIZE);
        return (int) crc.getValue();
    }

    /**
     * The checksum page {@code pageId} would carry were bytes {@code from..to-1} zero: what the
     * page digest takes of page 0, whose home digest field a checkpoint rewrites (see {@link PageDigest}).
     */
    public int computeWithout(int pageId, byte[] image, int from, int to) {
        crc.reset();
        crc.update(pageId);
        crc.update(pageId >>> 8);
        crc.update(pageId >>> 16);
        crc.update(pageId >>> 24);
        crc.update(image, 0, from);
        for (int i = from; i < to; i++) {
            crc.update(0);
        }
        crc.update(image, to, Page.USABLE_SIZE - to);
        return (int) crc.getValue();
    }

    /** Writes the trailer; called on every page just before it is committed or written home. */
    public void seal(int pageId, byte[] image) {
        PageBytes.putInt(image, Page.OFFSET_CHECKSUM, compute(pageId, image));
    }

    /** Whether the trailer matches the contents and the page id. */
    public boolean verify(int pageId, byte[] image) {
        return PageBytes.getInt(image, Page.OFFSET_CHECKSUM) == compute(pageId, image);
    }
}
