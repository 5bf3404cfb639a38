package dev.crashbench.engine.pager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** {@link DirtyPages} against a HashMap and a list of ids in insertion order, across clears and growth. */
class DirtyPagesTest {

    @Property(tries = 100)
    void behavesLikeAMapThatRemembersInsertionOrder(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DirtyPages pages = new DirtyPages();
        for (int round = 0; round < 5; round++) {
            Map<Integer, byte[]> images = new HashMap<>();
            Map<Integer, Integer> trailers = new HashMap<>();
            List<Integer> order = new ArrayList<>();
            int adds = random.nextInt(1, 300);
            int range = random.nextBoolean() ? 40 : 100_000; // dense ids collide, sparse ones spread
            for (int i = 0; i < adds; i++) {
                int id = random.nextInt(range);
                byte[] image = new byte[1];
                boolean hasBase = random.nextBoolean();
                int trailer = random.nextInt();
                pages.add(id, image, hasBase ? new byte[1] : null, trailer);
                if (!images.containsKey(id)) {
                    order.add(id);
                }
                images.put(id, image);
                trailers.put(id, hasBase ? trailer : null);
            }
            assertEquals(order.size(), pages.size());
            for (int i = 0; i < order.size(); i++) {
                int id = order.get(i);
                assertEquals(id, pages.idAt(i));
                assertSame(images.get(id), pages.image(id));
                assertEquals(trailers.get(id) != null, pages.hasBase(id));
                if (trailers.get(id) != null) {
                    assertEquals(trailers.get(id), pages.baseTrailer(id));
                }
            }
            assertNull(pages.image(range + 1));
            pages.clear();
            assertEquals(0, pages.size());
            for (int id : order) {
                assertNull(pages.image(id), "page " + id + " after clear");
            }
        }
    }
}
