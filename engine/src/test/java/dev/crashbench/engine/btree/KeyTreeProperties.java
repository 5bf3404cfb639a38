package dev.crashbench.engine.btree;

import dev.crashbench.engine.pager.PageOwners;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key tree against a {@link TreeSet} of unsigned byte strings: random inserts, deletes,
 * lookups, scans from a bound and commits, with keys from 1 byte to the maximum; then verify()
 * finds nothing, the count matches, and deleting everything leaves only the root.
 */
class KeyTreeProperties {
    static final java.util.Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    sealed interface Op permits Insert, Delete, Contains, Scan, Commit {
    }

    record Insert(byte[] key) implements Op {
        @Override
        public String toString() {
            return "Insert(" + KeyTreeTest.hex(key) + ")";
        }
    }

    record Delete(byte[] key) implements Op {
        @Override
        public String toString() {
            return "Delete(" + KeyTreeTest.hex(key) + ")";
        }
    }

    record Contains(byte[] key) implements Op {
    }

    record Scan(byte[] from, int limit) implements Op {
    }

    record Commit() implements Op {
    }

    @Property(tries = 80, edgeCases = EdgeCasesMode.NONE)
    void behavesLikeASortedSet(@ForAll("ops") List<Op> ops) throws Exception {
        MemoryPages pages = new MemoryPages();
        KeyTree tree = new KeyTree(pages, KeyTree.create(pages));
        int root = tree.rootPageId();
        TreeSet<byte[]> model = new TreeSet<>(ORDER);
        for (Op op : ops) {
            if (op instanceof Insert insert) {
                assertEquals(model.add(insert.key()), tree.insert(insert.key()), op.toString());
            } else if (op instanceof Delete delete) {
                assertEquals(model.remove(delete.key()), tree.delete(delete.key()), op.toString());
            } else if (op instanceof Contains contains) {
                assertEquals(model.contains(contains.key()), tree.contains(contains.key()), op.toString());
            } else if (op instanceof Scan scan) {
                NavigableSet<byte[]> expected = model.tailSet(scan.from(), true);
                KeyCursor cursor = tree.cursor(scan.from());
                int seen = 0;
                for (byte[] key : expected) {
                    if (seen++ == scan.limit()) {
                        break;
                    }
                    assertTrue(cursor.next(), op + " misses a key");
                    assertArrayEquals(key, cursor.key(), op.toString());
                }
                if (seen <= scan.limit()) {
                    assertFalse(cursor.next(), op.toString());
                }
            } else {
                pages.commit();
            }
        }
        KeyTreeTest.assertTree(pages, tree, model);
        Statistics.collect(KeyNode.isLeaf(pages.read(root)) ? "one leaf" : "interior root");
        Statistics.coverage(coverage -> coverage.check("interior root").percentage(p -> p > 25));

        List<byte[]> keys = new ArrayList<>(model);
        for (int low = 0, high = keys.size() - 1; low <= high; low++, high--) {
            assertTrue(tree.delete(keys.get(low)));
            if (high != low) {
                assertTrue(tree.delete(keys.get(high)));
            }
        }
        assertEquals(1, pages.livePages(), "only the root is left");
        assertTrue(KeyNode.isLeaf(pages.read(root)));
        KeyTreeTest.assertTree(pages, tree, new TreeSet<>(ORDER));
        pages.commit();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<byte[]> shortKeys = Arbitraries.bytes().between(Byte.MIN_VALUE, Byte.MAX_VALUE).filter(b -> b >= 0 && b <= 3).array(byte[].class).ofMinSize(1).ofMaxSize(3);
        Arbitrary<byte[]> prefixed = Combinators.combine(Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 900)).as((n, pad) -> {
                    byte[] key = new byte[4 + pad];
                    key[0] = (byte) (n >>> 8);
                    key[1] = (byte) n.intValue();
                    key[2] = (byte) 0xff;
                    key[3] = (byte) 0x80;
                    return key;
                });
        Arbitrary<byte[]> longKeys = Arbitraries.bytes().array(byte[].class).ofMinSize(KeyNode.MAX_KEY - 4).ofMaxSize(KeyNode.MAX_KEY);
        Arbitrary<byte[]> keys = Arbitraries.frequencyOf(Tuple.of(3, shortKeys), Tuple.of(6, prefixed), Tuple.of(1, longKeys));
        Arbitrary<Op> insert = keys.map(Insert::new);
        Arbitrary<Op> delete = keys.map(Delete::new);
        Arbitrary<Op> contains = keys.map(Contains::new);
        Arbitrary<Op> scan = Combinators.combine(keys, Arbitraries.integers().between(0, 300)).as(Scan::new);
        Arbitrary<Op> commit = Arbitraries.just(new Commit());
        return Arbitraries.frequencyOf(Tuple.of(8, insert), Tuple.of(4, delete), Tuple.of(2, contains),
                        Tuple.of(1, scan), Tuple.of(1, commit))
                .list().ofMinSize(0).ofMaxSize(400).withSizeDistribution(RandomDistribution.uniform());
    }
}
