package dev.crashbench.engine.btree;

import dev.crashbench.engine.pager.Page;
import dev.crashbench.engine.record.OverflowChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree against a {@link TreeMap}: random puts, inserts (stored only when absent), ascending
 * runs of inserts past the highest key, deletes, gets, range scans and commits, some of the puts
 * through a second handle on the same root (whose changes the first handle's remembered leaf must
 * not outlive); then verify() finds nothing, and deleting everything leaves only the root page.
 */
class BTreeProperties {

    sealed interface Op permits Put, Insert, Append, TwinPut, Delete, Get, Scan, Commit {
    }

    record Put(long key, int length, byte salt) implements Op {
    }

    /** {@link BTree#insert}: stored only when the key is absent. */
    record Insert(Put put) implements Op {
    }

    /** {@code count} inserts of ascending keys from just past the model's highest key. */
    record Append(int count, int length) implements Op {
    }

    /** A put through another handle on the same tree. */
    record TwinPut(Put put) implements Op {
    }

    record Delete(long key) implements Op {
    }

    record Get(long key) implements Op {
    }

    record Scan(long firstKey, long lastKey) implements Op {
    }

    record Commit() implements Op {
    }

    static byte[] value(Put put) {
        byte[] value = new byte[put.length()];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (put.salt() + put.key() * 17 + i * 31);
        }
        return value;
    }

    @Property(tries = 200)
    void behavesLikeASortedMap(@ForAll("ops") List<Op> ops) throws Exception {
        MemoryPages pages = new MemoryPages();
        BTree tree = new BTree(pages, BTree.create(pages));
        int root = tree.rootPageId();
        BTree twin = new BTree(pages, root);
        TreeMap<Long, byte[]> model = new TreeMap<>();
        for (Op op : ops) {
            if (op instanceof Put put) {
                tree.put(put.key(), value(put));
                model.put(put.key(), value(put));
            } else if (op instanceof Insert insert) {
                Put put = insert.put();
                assertEquals(!model.containsKey(put.key()), tree.insert(put.key(), value(put)), op.toString());
                model.putIfAbsent(put.key(), value(put));
            } else if (op instanceof Append append) {
                long next = model.isEmpty() ? 0 : model.lastKey();
                for (int i = 0; i < append.count() && next < Long.MAX_VALUE; i++) {
                    Put put = new Put(++next, append.length(), (byte) i);
                    assertTrue(tree.insert(put.key(), value(put)), op + " at " + next);
                    model.put(put.key(), value(put));
                }
            } else if (op instanceof TwinPut twinPut) {
                twin.put(twinPut.put().key(), value(twinPut.put()));
                model.put(twinPut.put().key(), value(twinPut.put()));
            } else if (op instanceof Delete delete) {
                assertEquals(model.remove(delete.key()) != null, tree.delete(delete.key()), op.toString());
            } else if (op instanceof Get get) {
                byte[] expected = model.get(get.key());
                if (expected == null) {
                    assertNull(tree.get(get.key()), op.toString());
                } else {
                    assertArrayEquals(expected, tree.get(get.key()), op.toString());
                }
            } else if (op instanceof Scan scan) {
                Map<Long, byte[]> expected = scan.firstKey() > scan.lastKey() ? Map.of()
                        : model.subMap(scan.firstKey(), true, scan.lastKey(), true);
                Cursor cursor = tree.cursor(scan.firstKey(), scan.lastKey());
                for (Map.Entry<Long, byte[]> entry : expected.entrySet()) {
                    assertTrue(cursor.next(), op + " misses " + entry.getKey());
                    assertEquals(entry.getKey(), cursor.key(), op.toString());
                    assertArrayEquals(entry.getValue(), cursor.value(), op.toString());
                }
                assertFalse(cursor.next(), op.toString());
            } else {
                pages.commit();
            }
        }
        BTreeTest.assertTree(pages, tree, model);
        assertEquals(root, tree.rootPageId());
        String shape = pages.read(root)[0] == Page.TYPE_LEAF ? "one leaf" : "interior root";
        Statistics.collect(shape);
        Statistics.coverage(coverage -> coverage.check("interior root").percentage(p -> p > 30));

        // Delete from both ends towards the middle, so merges happen on either side.
        List<Long> keys = new ArrayList<>(model.keySet());
        for (int low = 0, high = keys.size() - 1; low <= high; low++, high--) {
            assertTrue(tree.delete(keys.get(low)));
            if (high != low) {
                assertTrue(tree.delete(keys.get(high)));
            }
        }
        assertEquals(1, pages.livePages(), "only the root is left");
        byte[] rootPage = pages.read(root);
        assertEquals(Page.TYPE_LEAF, rootPage[0]);
        assertEquals(0, LeafNode.cellCount(rootPage));
        BTreeTest.assertTree(pages, tree, new TreeMap<>());
        pages.commit();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Long> keys = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 60)),
                Tuple.of(3, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L,
                        Long.MAX_VALUE - 1, Long.MAX_VALUE)));
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 40)),
                Tuple.of(3, Arbitraries.integers().between(41, LeafNode.MAX_INLINE_VALUE)),
                Tuple.of(1, Arbitraries.of(0, LeafNode.MAX_INLINE_VALUE, LeafNode.MAX_INLINE_VALUE + 1,
                        OverflowChain.CAPACITY, OverflowChain.CAPACITY + 1)),
                Tuple.of(1, Arbitraries.integers().between(LeafNode.MAX_INLINE_VALUE + 1,
                        3 * OverflowChain.CAPACITY + 100)));
        Arbitrary<Put> puts = Combinators.combine(keys, lengths, Arbitraries.bytes()).as(Put::new);
        Arbitrary<Op> put = puts.map(p -> p);
        Arbitrary<Op> insert = puts.map(Insert::new);
        Arbitrary<Op> twinPut = puts.map(TwinPut::new);
        Arbitrary<Op> append = Combinators.combine(Arbitraries.integers().between(1, 120),
                Arbitraries.integers().between(0, 120)).as(Append::new);
        Arbitrary<Op> delete = keys.map(Delete::new);
        Arbitrary<Op> get = keys.map(Get::new);
        Arbitrary<Op> scan = Combinators.combine(keys, keys).as(Scan::new);
        Arbitrary<Op> commit = Arbitraries.just(new Commit());
        return Arbitraries.frequencyOf(
                        Tuple.of(8, put),
                        Tuple.of(4, insert),
                        Tuple.of(1, append),
                        Tuple.of(2, twinPut),
                        Tuple.of(4, delete),
                        Tuple.of(2, get),
                        Tuple.of(1, scan),
                        Tuple.of(1, commit))
                .list().ofMinSize(0).ofMaxSize(300).withSizeDistribution(RandomDistribution.uniform());
    }
}
