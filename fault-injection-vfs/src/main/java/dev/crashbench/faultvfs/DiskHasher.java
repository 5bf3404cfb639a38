package dev.crashbench.faultvfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes crash images by content, so that an explorer can tell when two crash states leave the
 * very same bytes: the durable namespace (every path and the file id it names), the size and
 * bytes of every file, and the next file id the image's disk would hand out. Two images with the
 * same {@link ContentHash} are, but for a 2^-128 accident, byte for byte the same disk, and an
 * engine that recovers one recovers the other the same way. The disk's model and seed are not
 * hashed: callers compare images of one disk.
 *
 * <p>Pages are hashed one by one ({@link Murmur3#hashQuarters}, 128 bits each), then the page
 * hashes and the metadata together ({@link Murmur3}). Most pages of a crash image are durable pages it shares copy-on-write with
 * the crashed disk; once shared, such a page can never change again (a write copies it first),
 * so its hash is remembered by the identity of its array ({@link #remember}) and every later
 * image that holds the same array costs one lookup. Only the pages the surviving pending
 * operations wrote are hashed afresh. A hasher holds the pages it remembers alive: use one per
 * crashed disk, not one per campaign.
 *
 * <p>Not thread-safe: one hasher per producing thread.
 */
public final class DiskHasher {
    private static final long PAGE_SEED = 0x5EEDC0DE;
    private static final long IMAGE_SEED = 0xC4A5B1A6EL;
    private static final long[] ZERO_PAGE_HASH = pageHash(new byte[FileImage.PAGE_SIZE]);

    private final Map<byte[], long[]> immutablePages = new IdentityHashMap<>();
    private long[] words = new long[64];
    private int count;

    /**
     * Remembers the hashes of the durable pages of {@code disk} that can no longer change in place
     * (every one, once a crash image was taken since they were written): the pages the crash
     * images of this disk will share.
     */
    public void remember(SimDisk disk) {
        disk.visitDurable(this::rememberFile);
    }

    /** The hash of a crash image as its disk was built, before anything ran on it. */
    public ContentHash hash(CrashImage image) {
        return image.disk().hashUntouched(this);
    }

    private void rememberFile(FileImage file) {
        long pages = pageCount(file.size());
        for (long i = 0; i < pages; i++) {
            byte[] page = file.page(i);
            if (page != null && !file.ownsPage(i) && !immutablePages.containsKey(page)) {
                immutablePages.put(page, pageHash(page));
            }
        }
    }

    /** The hash of a durable state and the disk's next file id; called by the disk under its lock. */
    ContentHash hash(DiskState state, long nextFileId) {
        count = 0;
        add(nextFileId);
        add(state.names.size());
        for (Map.Entry<String, Long> e : state.names.entrySet()) {
            String path = e.getKey();
            add(path.length());
            for (int i = 0; i < path.length(); i += 4) {
                long packed = 0;
                for (int j = i; j < Math.min(path.length(), i + 4); j++) {
                    packed |= (long) path.charAt(j) << (16 * (j - i));
                }
                add(packed);
            }
            add(e.getValue());
        }
        List<Long> ids = new ArrayList<>(state.files.keySet());
        ids.sort(null);
        add(ids.size());
        for (long id : ids) {
            FileImage file = state.files.get(id);
            long pages = pageCount(file.size());
            add(id);
            add(file.size());
            for (long i = 0; i < pages; i++) {
                long[] h = hashOf(file.page(i));
                add(h[0]);
                add(h[1]);
            }
        }
        if ((count & 1) != 0) {
            add(0); // the count of longs is hashed too (as the length), so the padding is unambiguous
        }
        long[] out = new long[2];
        Murmur3.hash(words, count, IMAGE_SEED, out);
        return new ContentHash(out[0], out[1]);
    }

    private long[] hashOf(byte[] page) {
        if (page == null) {
            return ZERO_PAGE_HASH;
        }
        long[] known = immutablePages.get(page);
        return known != null ? known : pageHash(page);
    }

    private static long[] pageHash(byte[] page) {
        long[] out = new long[2];
        Murmur3.hashQuarters(page, PAGE_SEED, out);
        return out;
    }

    private static long pageCount(long size) {
        return (size + FileImage.PAGE_SIZE - 1) / FileImage.PAGE_SIZE;
    }

    private void add(long word) {
        if (count == words.length) {
            words = Arrays.copyOf(words, count * 2);
        }
        words[count++] = word;
    }
}
