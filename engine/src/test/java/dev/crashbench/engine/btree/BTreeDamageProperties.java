package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.PageOwners;
import dev.crashbench.engine.record.OverflowChain;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Bytes of a healthy tree's pages are overwritten at random (bit rot that slipped past the
 * checksum, or a stale page): every operation then either works or throws
 * {@link CorruptDatabaseException}; never another exception, never a hang, and verify() never
 * throws at all. Once an operation has failed the transaction would be rolled back, so the
 * sequence stops there.
 */
class BTreeDamageProperties {

    @Property(tries = 300)
    void damageOnlyEverSurfacesAsCorruption(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int hits)
            throws Exception {
        Random random = new Random(seed);
        MemoryPages pages = new MemoryPages();
        BTree tree = new BTree(pages, BTree.create(pages));
        int keys = random.nextInt(600);
        for (int i = 0; i < keys; i++) {
            long key = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(2000);
            int length = random.nextInt(15) == 0 ? 1025 + random.nextInt(2 * OverflowChain.CAPACITY) : random.nextInt(300);
            tree.put(key, new byte[length]);
        }
        pages.commit();
        pages.lenient(true);

        for (int i = 0; i < hits; i++) {
            int page = 1 + random.nextInt(pages.pageCount() - 1);
            if (pages.freePages().contains(page)) {
                continue;
            }
            int offset = random.nextBoolean() ? random.nextInt(24) : random.nextInt(4092);
            byte value = random.nextBoolean() ? (byte) random.nextInt() : (byte) (pages.read(page)[offset] ^ (1 << random.nextInt(8)));
            pages.damage(page, offset, value);
        }

        PageOwners owners = pages.owners();
        tree.verify(owners, "t");
        boolean reported = !owners.finish().isEmpty();

        try {
            for (int step = 0; step < 40; step++) {
                long key = random.nextBoolean() ? random.nextInt(2000) : random.nextLong();
                switch (random.nextInt(7)) {
                    case 0 -> tree.get(key);
                    case 1 -> tree.put(key, new byte[random.nextInt(10) == 0 ? 5000 : random.nextInt(200)]);
                    case 2, 3 -> tree.delete(random.nextBoolean() ? key : random.nextInt(2000));
                    case 4 -> {
                        Cursor cursor = tree.cursor(key, key + random.nextInt(500));
                        while (cursor.next()) {
                            cursor.value();
                        }
                    }
                    case 5 -> tree.count();
                    default -> {
                        PageOwners again = pages.owners();
                        tree.verify(again, "t");
                        again.finish();
                    }
                }
            }
            if (random.nextInt(10) == 0) {
                tree.drop();
            }
        } catch (CorruptDatabaseException expected) {
            record(reported, "operation failed");
            return;
        }
        record(reported, "operations passed");
        pages.commit(); // no read-only image was written, no trailer touched
    }

    private static void record(boolean reported, String outcome) {
        Statistics.collect(reported ? "verify reported" : "verify silent", outcome);
        Statistics.coverage(coverage -> {
            coverage.check("verify reported", "operation failed").percentage(p -> p > 20);
            coverage.check("verify silent", "operations passed").percentage(p -> p > 5);
        });
    }
}
