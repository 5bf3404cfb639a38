package dev.crashbench.engine.pager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.FormatTable;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The page trailer: catches a flipped bit anywhere and a page image written under another id. */
class PageChecksumTest {

    private static byte[] randomPage(long seed) {
        byte[] image = new byte[Page.SIZE];
        new Random(seed).nextBytes(image);
        return image;
    }

    @Test
    void trailerIsCrc32cOfThePageIdThenTheUsableBytes() {
        byte[] image = randomPage(1);
        new PageChecksum().seal(0x01020304, image);
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {4, 3, 2, 1});
        crc.update(image, 0, Page.USABLE_SIZE);
        assertEquals((int) crc.getValue(), FormatTable.le32(image, Page.OFFSET_CHECKSUM));
        assertTrue(new PageChecksum().verify(0x01020304, image));
    }

    @Property(tries = 80)
    void aFlippedBitAnywhereIsCaught(@ForAll @IntRange(min = 0, max = Page.SIZE - 1) int offset,
                                     @ForAll @IntRange(min = 0, max = 7) int bit,
                                     @ForAll @IntRange(min = 0, max = 1 << 20) int pageId) {
        PageChecksum checksum = new PageChecksum();
        byte[] image = randomPage(offset * 8L + bit);
        checksum.seal(pageId, image);
        assertTrue(checksum.verify(pageId, image));
        image[offset] ^= (byte) (1 << bit);
        assertFalse(checksum.verify(pageId, image), "bit " + bit + " of byte " + offset);
    }

    @Property(tries = 80)
    void aPageUnderAnotherIdIsCaught(@ForAll @IntRange(min = 0, max = 1 << 20) int pageId,
                                     @ForAll @IntRange(min = 1, max = 1 << 20) int distance) {
        PageChecksum checksum = new PageChecksum();
        byte[] image = randomPage(pageId);
        checksum.seal(pageId, image);
        assertFalse(checksum.verify(pageId + distance, image), "written as page " + pageId + ", read as " + (pageId + distance));
    }

    @Test
    void anAllZeroPageIsNotValidForAnyPage() {
        PageChecksum checksum = new PageChecksum();
        for (int pageId = 0; pageId < 1000; pageId++) {
            assertFalse(checksum.verify(pageId, new byte[Page.SIZE]), "a hole in the file passes as page " + pageId);
        }
    }
}
