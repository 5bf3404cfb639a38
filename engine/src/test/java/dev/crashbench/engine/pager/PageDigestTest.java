package dev.crashbench.engine.pager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The page digest: what it counts of each page, and its bookkeeping. */
class PageDigestTest {
    private final PageChecksum checksum = new PageChecksum();

    private byte[] sealedPage(int pageId, int seed) {
        byte[] image = new byte[Page.SIZE];
        new Random(seed).nextBytes(image);
        checksum.seal(pageId, image);
        return image;
    }

    @Test
    void aPageCountsWithItsTrailerAndPageZeroWithoutItsHomeDigestField() {
        byte[] page = sealedPage(7, 1);
        assertEquals(PageDigest.trailer(page), PageDigest.checksumOf(7, page, checksum));

        byte[] header = new byte[Page.SIZE];
        DbHeader.empty().encode(header);
        checksum.seal(0, header);
        int before = PageDigest.checksumOf(0, header, checksum);
        DbHeader.empty().withHomeDigest(0x0123456789ABCDEFL).encode(header);
        checksum.seal(0, header);
        assertEquals(before, PageDigest.checksumOf(0, header, checksum), "the home digest field is not counted");
        DbHeader.empty().withPageCount(2).encode(header);
        checksum.seal(0, header);
        assertNotEquals(before, PageDigest.checksumOf(0, header, checksum), "every other field is");
    }

    @Test
    void replacingAPageIsRemovingItsOldVersionAndAddingItsNewOne() {
        long digest = PageDigest.add(PageDigest.add(PageDigest.EMPTY, 1, 111), 2, 222);
        long replaced = PageDigest.replace(digest, 2, 222, 333);
        assertEquals(PageDigest.add(PageDigest.add(PageDigest.EMPTY, 1, 111), 2, 333), replaced);
        assertNotEquals(digest, replaced);
        assertEquals(digest, PageDigest.replace(replaced, 2, 333, 222), "and back");
    }

    @Test
    void theSameChecksumOnAnotherPageCountsDifferently() {
        assertNotEquals(PageDigest.contribution(1, 42), PageDigest.contribution(2, 42));
        assertNotEquals(PageDigest.contribution(1, 42), PageDigest.contribution(1, 43));
        assertNotEquals(PageDigest.EMPTY, PageDigest.contribution(0, 0), "even a zero page counts");
    }
}
