package dev.crashbench.faultvfs;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static dev.crashbench.faultvfs.SimDiskTesting.assertBytes;
import static dev.crashbench.faultvfs.SimDiskTesting.concat;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy-on-write page store behind every file, live, durable and in crash images. */
class FileImageTest {
    private static final int PAGE = FileImage.PAGE_SIZE;

    private static FileImage imageOf(byte[] content) {
        FileImage image = new FileImage();
        image.write(0, content, 0, content.length);
        return image;
    }

    private static byte[] all(FileImage image) {
        return image.readBytes(0, Math.toIntExact(image.size()));
    }

    @Test
    void aCopySharesEveryPageUntilOneSideWritesIt() {
        FileImage original = imageOf(filled(3 * PAGE, 'o'));
        FileImage copy = original.copy();
        for (int i = 0; i < 3; i++) {
            assertTrue(original.sharesPage(copy, i), "page " + i + " shared after copy");
        }
        copy.write(PAGE + 10, filled(5, 'c'), 0, 5);
        assertTrue(original.sharesPage(copy, 0), "page 0 still shared");
        assertFalse(original.sharesPage(copy, 1), "the written page was copied");
        assertTrue(original.sharesPage(copy, 2), "page 2 still shared");
        // Writing the copy again must not copy the page again, nor touch the original.
        copy.write(PAGE + 20, filled(5, 'd'), 0, 5);
        assertTrue(original.sharesPage(copy, 0));
        assertBytesEqualFilled(original, 3 * PAGE, 'o');
    }

    @Test
    void copiesOfALargeFileShareChunksAcrossChunkBoundaries() {
        int pages = FileImage.CHUNK_PAGES * 2 + 3;
        FileImage original = imageOf(filled(pages * PAGE, 'o'));
        FileImage copy = original.copy();
        copy.write((long) FileImage.CHUNK_PAGES * PAGE - 2, filled(4, 'c'), 0, 4); // straddles chunks 0 and 1
        assertFalse(original.sharesPage(copy, FileImage.CHUNK_PAGES - 1));
        assertFalse(original.sharesPage(copy, FileImage.CHUNK_PAGES));
        assertTrue(original.sharesPage(copy, FileImage.CHUNK_PAGES + 1));
        assertTrue(original.sharesPage(copy, 2L * FileImage.CHUNK_PAGES));
        assertBytesEqualFilled(original, pages * PAGE, 'o');
        byte[] c = all(copy);
        assertEquals('c', c[FileImage.CHUNK_PAGES * PAGE - 2]);
        assertEquals('c', c[FileImage.CHUNK_PAGES * PAGE + 1]);
        assertEquals('o', c[FileImage.CHUNK_PAGES * PAGE + 2]);
        original.truncate((long) FileImage.CHUNK_PAGES * PAGE + 100);
        assertEquals(pages * PAGE, copy.size());
        assertEquals('o', all(copy)[pages * PAGE - 1]);
    }

    private static void assertBytesEqualFilled(FileImage image, int length, char fill) {
        assertEquals(length, image.size());
        byte[] bytes = all(image);
        for (int i = 0; i < length; i++) {
            if (bytes[i] != (byte) fill) {
                throw new AssertionError("byte " + i + " is " + bytes[i] + ", expected '" + fill + "'");
            }
        }
    }

    @Test
    void writesToOneCopyNeverShowInTheOther() {
        FileImage original = imageOf(filled(2 * PAGE, 'o'));
        FileImage copy = original.copy();
        copy.write(100, filled(10, 'c'), 0, 10);
        original.write(PAGE + 100, filled(10, 'p'), 0, 10);
        original.write(2 * PAGE, filled(10, 'g'), 0, 10); // grows the original only

        byte[] expectedCopy = filled(2 * PAGE, 'o');
        System.arraycopy(filled(10, 'c'), 0, expectedCopy, 100, 10);
        assertBytes(expectedCopy, all(copy));

        byte[] expectedOriginal = concat(filled(2 * PAGE, 'o'), filled(10, 'g'));
        System.arraycopy(filled(10, 'p'), 0, expectedOriginal, PAGE + 100, 10);
        assertBytes(expectedOriginal, all(original));

        FileImage second = copy.copy(); // a copy of a copy: the first copy no longer owns its page
        second.write(100, filled(10, 's'), 0, 10);
        assertBytes(expectedCopy, all(copy));
    }

    @Test
    void xorAndTruncateOnACopyLeaveTheOriginalAlone() {
        FileImage original = imageOf(filled(2 * PAGE, 'o'));
        FileImage copy = original.copy();
        copy.xor(7, (byte) 0x01);
        copy.truncate(100);
        assertBytes(filled(2 * PAGE, 'o'), all(original));
        byte[] expected = filled(100, 'o');
        expected[7] ^= 0x01;
        assertBytes(expected, all(copy));
    }

    @Test
    void truncateShrinkThenGrowReadsZeros() {
        FileImage image = imageOf(filled(3 * PAGE, 'x'));
        image.truncate(100);
        image.truncate(3 * PAGE);
        assertBytes(concat(filled(100, 'x'), zeros(3 * PAGE - 100)), all(image));
    }

    @Test
    void truncateShrinkThenWriteIntoADroppedPage() {
        FileImage image = imageOf(filled(3 * PAGE, 'x'));
        image.truncate(100);
        image.write(PAGE + 10, filled(10, 'y'), 0, 10);
        assertBytes(concat(filled(100, 'x'), zeros(PAGE + 10 - 100), filled(10, 'y')), all(image));
    }

    @Test
    void truncateShrinkThenGrowThenFlipABitInADroppedPage() {
        FileImage image = imageOf(filled(3 * PAGE, 'x'));
        image.truncate(100);
        image.truncate(3 * PAGE);
        image.xor(2 * PAGE + 1, (byte) 0x40);
        byte[] expected = concat(filled(100, 'x'), zeros(3 * PAGE - 100));
        expected[2 * PAGE + 1] = 0x40;
        assertBytes(expected, all(image));
    }

    @Test
    void readsStopAtTheEndOfTheFile() {
        FileImage image = imageOf(filled(10, 'x'));
        ByteBuffer dst = ByteBuffer.allocate(20);
        assertEquals(10, image.read(0, dst));
        assertEquals(10, dst.position());
        assertEquals(0, image.read(10, ByteBuffer.allocate(5)));
        assertBytes(concat(filled(10, 'x'), zeros(5)), image.readBytes(0, 15));
    }

    @Test
    void xorOutsideTheFileIsRejected() {
        FileImage image = imageOf(filled(10, 'x'));
        assertThrows(IllegalArgumentException.class, () -> image.xor(10, (byte) 1));
        assertThrows(IllegalArgumentException.class, () -> image.xor(-1, (byte) 1));
    }

    @Test
    void sameContentTreatsAnUnwrittenPageAsZeros() {
        FileImage written = imageOf(zeros(2 * PAGE));
        FileImage grown = new FileImage();
        grown.truncate(2 * PAGE);
        assertTrue(written.sameContent(grown));
        grown.write(PAGE, new byte[] {1}, 0, 1);
        assertFalse(written.sameContent(grown));
        assertFalse(written.sameContent(imageOf(zeros(PAGE))));
    }
}
