package dev.crashbench.engine.btree;

import dev.crashbench.engine.CorruptDatabaseException;
import dev.crashbench.engine.pager.Page;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A damaged leaf either fails validation with {@link CorruptDatabaseException} or is a page every
 * accessor and mutator can use safely: damage never becomes an index error.
 */
class LeafNodeProperties {

    @Property(tries = 1000)
    void validationStandsBetweenDamageAndTheAccessors(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int hits) {
        Random random = new Random(seed);
        MemoryPages pages = new MemoryPages();
        for (int i = 0; i < 20; i++) {
            pages.allocate();
        }
        byte[] page = new byte[Page.SIZE];
        LeafNode.init(page);
        int cells = random.nextInt(60);
        for (int i = 0; i < cells; i++) {
            long key = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(100);
            int index = LeafNode.find(page, key);
            if (index >= 0) {
                LeafNode.remove(page, index);
                continue;
            }
            if (random.nextInt(5) == 0) {
                if (LeafNode.fits(page, LeafNode.OVERFLOW_CELL_SIZE)) {
                    LeafNode.insertOverflow(page, -index - 1, key, 1025 + random.nextInt(100_000), 1 + random.nextInt(20));
                }
            } else {
                byte[] value = new byte[random.nextInt(random.nextBoolean() ? 20 : 400)];
                if (LeafNode.fits(page, LeafNode.cellSizeFor(value.length))) {
                    LeafNode.insertInline(page, -index - 1, key, value);
                }
            }
        }
        for (int i = 0; i < hits; i++) {
            int offset = random.nextBoolean() ? random.nextInt(16) : random.nextInt(Page.USABLE_SIZE);
            page[offset] = random.nextBoolean() ? (byte) random.nextInt() : (byte) (page[offset] ^ (1 << random.nextInt(8)));
        }
        try {
            LeafNode.validate(page, 1, pages);
        } catch (CorruptDatabaseException expected) {
            Statistics.collect("rejected");
            return;
        }
        Statistics.collect("accepted");
        Statistics.coverage(coverage -> {
            coverage.check("rejected").percentage(p -> p > 30);
            coverage.check("accepted").percentage(p -> p > 10);
        });
        int count = LeafNode.cellCount(page);
        for (int i = 0; i < count; i++) {
            long key = LeafNode.key(page, i);
            assertEquals(i, LeafNode.find(page, key));
            if (LeafNode.isOverflow(page, i)) {
                LeafNode.overflowPage(page, i);
            } else {
                assertEquals(LeafNode.valueLength(page, i), LeafNode.inlineValue(page, i).length);
            }
        }
        if (count > 0) {
            LeafNode.remove(page, random.nextInt(count));
        }
        byte[] value = new byte[random.nextInt(50)];
        long key = random.nextLong();
        int index = LeafNode.find(page, key);
        if (index < 0 && LeafNode.fits(page, LeafNode.cellSizeFor(value.length))) {
            LeafNode.insertInline(page, -index - 1, key, value);
        }
        LeafNode.compact(page);
        try {
            LeafNode.validate(page, 1, pages);
        } catch (CorruptDatabaseException e) {
            throw new AssertionError("a valid page became invalid through the mutators", e);
        }
    }
}
