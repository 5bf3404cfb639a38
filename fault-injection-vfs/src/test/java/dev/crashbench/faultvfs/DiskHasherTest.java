package dev.crashbench.faultvfs;

import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static dev.crashbench.faultvfs.SimDiskTesting.KEEP_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.LOSE_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.createDurable;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static dev.crashbench.faultvfs.SimDiskTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Crash images hashed by content: the same bytes give the same hash, one changed byte another. */
class DiskHasherTest {
    private static final int PAGE = FileImage.PAGE_SIZE;

    /** Reference values computed with Guava's {@code Hashing.murmur3_128(seed).hashBytes}: bytes of h1, then h2, little-endian. */
    @Test
    void murmur3MatchesTheReferenceImplementation() {
        byte[] counting = new byte[48];
        for (int i = 0; i < counting.length; i++) {
            counting[i] = (byte) (i * 7 + 1);
        }
        assertEquals("ecf4828d58a85a7e9c49b6c5740d910c", murmur(counting, 0));
        assertEquals("8e3ef9cde86d2373c98f72b6edfd5b69", murmur(new byte[PAGE], 0x5EEDC0DE));
        byte[] page = new byte[PAGE];
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) (i ^ (i >>> 8));
        }
        assertEquals("b4e37ae09e71ff83bc0527c395780826", murmur(page, 0x5EEDC0DE));
        assertThrows(IllegalArgumentException.class, () -> Murmur3.hash(new byte[15], 0, new long[2]));
    }

    @Test
    void aPageHashIsTheHashOfItsQuartersHashes() {
        byte[] page = new byte[PAGE];
        for (int i = 0; i < page.length; i++) {
            page[i] = (byte) (i * 131 + (i >>> 9));
        }
        long seed = 77;
        long[] lanes = new long[8];
        for (int q = 0; q < 4; q++) {
            long[] h = new long[2];
            Murmur3.hash(java.util.Arrays.copyOfRange(page, q * PAGE / 4, (q + 1) * PAGE / 4), seed + q, h);
            lanes[2 * q] = h[0];
            lanes[2 * q + 1] = h[1];
        }
        long[] expected = new long[2];
        Murmur3.hash(lanes, 8, seed, expected);
        long[] actual = new long[2];
        Murmur3.hashQuarters(page, seed, actual);
        assertEquals(expected[0], actual[0]);
        assertEquals(expected[1], actual[1]);
        page[PAGE - 1] ^= 1;
        long[] changed = new long[2];
        Murmur3.hashQuarters(page, seed, changed);
        assertNotEquals(actual[0], changed[0]);
        assertThrows(IllegalArgumentException.class, () -> Murmur3.hashQuarters(new byte[48], 0, new long[2]));
    }

    @Test
    void longWordsHashAsTheirLittleEndianBytes() {
        byte[] bytes = new byte[32];
        long[] words = new long[4];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (31 * i + 5);
            words[i / 8] |= (bytes[i] & 0xFFL) << (8 * (i % 8));
        }
        long[] fromBytes = new long[2];
        long[] fromWords = new long[2];
        Murmur3.hash(bytes, 9, fromBytes);
        Murmur3.hash(words, 4, 9, fromWords);
        assertEquals(fromBytes[0], fromWords[0]);
        assertEquals(fromBytes[1], fromWords[1]);
    }

    @Test
    void differentPoliciesThatLeaveTheSameBytesHashTheSame() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(3 * PAGE, 'o'));
        write(f, PAGE, filled(100, 'a'));
        write(f, PAGE, filled(100, 'b')); // overwrites the first: keeping it or not changes nothing
        DiskHasher hasher = new DiskHasher();
        hasher.remember(disk);
        ContentHash keepBoth = hasher.hash(disk.crashImage(KEEP_ALL));
        ContentHash keepSecond = hasher.hash(disk.crashImage(new Survival.KeepSubset(Set.of(1))));
        ContentHash keepFirst = hasher.hash(disk.crashImage(new Survival.KeepPrefix(1)));
        assertEquals(keepBoth, keepSecond);
        assertNotEquals(keepBoth, keepFirst);
        assertNotEquals(keepBoth, hasher.hash(disk.crashImage(LOSE_ALL)));
        assertEquals(hasher.hash(disk.crashImage(LOSE_ALL)), new DiskHasher().hash(disk.crashImage(LOSE_ALL)),
                "remembered page hashes are the hashes of the pages");
    }

    @Test
    void oneChangedByteChangesTheHash() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(2 * PAGE, 'o'));
        DiskHasher hasher = new DiskHasher();
        ContentHash before = hasher.hash(disk.crashImage(LOSE_ALL));
        write(f, PAGE + 17, new byte[] {'x'});
        assertNotEquals(before, hasher.hash(disk.crashImage(KEEP_ALL)));
        assertEquals(before, hasher.hash(disk.crashImage(LOSE_ALL)));
    }

    @Test
    void aRememberedPageThatTheDiskWritesAgainIsHashedAfresh() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(PAGE, 'o'));
        DiskHasher hasher = new DiskHasher();
        disk.crashImage(LOSE_ALL); // shares the durable pages: from now on they never change in place
        hasher.remember(disk);
        ContentHash before = hasher.hash(disk.crashImage(LOSE_ALL));
        write(f, 5, filled(10, 'n'));
        f.sync(SyncMode.DATA);
        hasher.remember(disk);
        ContentHash after = hasher.hash(disk.crashImage(LOSE_ALL));
        assertNotEquals(before, after);
        assertEquals(after, new DiskHasher().hash(disk.crashImage(LOSE_ALL)));
    }

    @Test
    void aPageTheDiskMayStillWriteInPlaceIsNotRemembered() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = createDurable(disk, "f", filled(PAGE, 'o'));
        DiskHasher hasher = new DiskHasher();
        hasher.remember(disk); // no crash image yet: the durable page is the disk's own, written in place
        write(f, 5, filled(10, 'n'));
        f.sync(SyncMode.DATA);
        assertEquals(new DiskHasher().hash(disk.crashImage(LOSE_ALL)), hasher.hash(disk.crashImage(LOSE_ALL)));
    }

    @Test
    void namesAndSizesCountNotOnlyBytes() throws IOException {
        SimDisk a = newDisk(FaultPlan.NONE);
        createDurable(a, "f", filled(100, 'o'));
        SimDisk b = newDisk(FaultPlan.NONE);
        createDurable(b, "g", filled(100, 'o'));
        SimDisk c = newDisk(FaultPlan.NONE);
        createDurable(c, "f", filled(101, 'o'));
        DiskHasher hasher = new DiskHasher();
        ContentHash hashA = hasher.hash(a.crashImage(LOSE_ALL));
        assertNotEquals(hashA, hasher.hash(b.crashImage(LOSE_ALL)));
        assertNotEquals(hashA, hasher.hash(c.crashImage(LOSE_ALL)));
    }

    @Test
    void anImageSomethingRanOnIsRefused() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        createDurable(disk, "f", filled(10, 'o'));
        CrashImage image = disk.crashImage(LOSE_ALL);
        image.disk().exists("f");
        assertThrows(IllegalStateException.class, () -> new DiskHasher().hash(image));
    }

    private static String murmur(byte[] data, long seed) {
        long[] out = new long[2];
        Murmur3.hash(data, seed, out);
        StringBuilder hex = new StringBuilder();
        for (long h : List.of(out[0], out[1])) {
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", (h >>> (8 * i)) & 0xFF));
            }
        }
        return hex.toString();
    }
}
