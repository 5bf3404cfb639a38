package dev.crashbench.vfs.local;

import dev.crashbench.vfs.DiskModel;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.VfsFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random sequences of writes, truncates, allocates and reads on a real file agree with a byte
 * array, on both backends. Buffers alternate heap/direct and start at non-zero positions, which
 * is where address arithmetic in the JNA backend would go wrong.
 */
class LocalFileModelProperties {
    private static final int MAX_OFFSET = 20_000;

    /** One step against the file and the model; records print as a readable script when shrunk. */
    sealed interface Op permits Write, Truncate, Allocate, Read {
    }

    record Write(long offset, int length, int seed, boolean direct, int slack) implements Op {
    }

    record Truncate(long size) implements Op {
    }

    record Allocate(long size) implements Op {
    }

    record Read(long offset, int length, boolean direct) implements Op {
    }

    @Property(tries = 200)
    void fileAgreesWithAByteArrayModel(@ForAll Backend backend, @ForAll("scripts") List<Op> script) throws IOException {
        LocalVfs vfs = LocalVfs.at(TestDirs.fresh("model-" + backend.id()), DiskModel.WORST_CASE, backend);
        byte[] model = new byte[0];
        try (VfsFile f = vfs.open("f", OpenOption.CREATE_NEW)) {
            for (Op op : script) {
                model = apply(op, f, model);
                assertEquals(model.length, f.size(), "size after " + op);
            }
            ByteBuffer all = ByteBuffer.allocate(model.length);
            assertEquals(model.length, f.read(0, all));
            assertArrayEquals(model, all.array());
        } finally {
            TestDirs.deleteTree(vfs.root());
        }
    }

    private static byte[] apply(Op op, VfsFile f, byte[] model) throws IOException {
        if (op instanceof Write w) {
            byte[] data = Bytes.pattern(w.length(), w.seed());
            ByteBuffer src = w.direct() ? ByteBuffer.allocateDirect(w.slack() + w.length())
                    : ByteBuffer.allocate(w.slack() + w.length());
            src.position(w.slack());
            src.put(data).position(w.slack());
            f.writeFully(w.offset(), src);
            if (w.length() == 0) {
                return model; // pwrite of nothing does not extend the file
            }
            byte[] next = Arrays.copyOf(model, (int) Math.max(model.length, w.offset() + w.length()));
            System.arraycopy(data, 0, next, (int) w.offset(), w.length());
            return next;
        }
        if (op instanceof Truncate t) {
            f.truncate(t.size());
            return Arrays.copyOf(model, (int) t.size());
        }
        if (op instanceof Allocate a) {
            f.allocate(a.size());
            return Arrays.copyOf(model, (int) Math.max(model.length, a.size()));
        }
        Read r = (Read) op;
        ByteBuffer dst = r.direct() ? ByteBuffer.allocateDirect(r.length() + 3) : ByteBuffer.allocate(r.length() + 3);
        dst.position(3);
        int got = f.read(r.offset(), dst);
        int expected = (int) Math.max(0, Math.min(r.length(), model.length - r.offset()));
        assertEquals(expected, got, "count of " + r);
        byte[] read = new byte[got];
        dst.flip().position(3);
        dst.get(read);
        byte[] want = got == 0 ? new byte[0] : Arrays.copyOfRange(model, (int) r.offset(), (int) r.offset() + got);
        assertArrayEquals(want, read, "bytes of " + r);
        return model;
    }

    @Provide
    Arbitrary<List<Op>> scripts() {
        Arbitrary<Long> offsets = Arbitraries.longs().between(0, MAX_OFFSET);
        Arbitrary<Op> write = Combinators.combine(offsets, Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(0, 255), Arbitraries.of(true, false), Arbitraries.integers().between(0, 7))
                .as(Write::new);
        Arbitrary<Op> truncate = offsets.map(Truncate::new);
        Arbitrary<Op> allocate = offsets.map(Allocate::new);
        Arbitrary<Op> read = Combinators.combine(offsets, Arbitraries.integers().between(0, 6000), Arbitraries.of(true, false))
                .as(Read::new);
        return Arbitraries.frequencyOf(
                Tuple.of(4, write),
                Tuple.of(1, truncate),
                Tuple.of(1, allocate),
                Tuple.of(3, read))
                .list().ofMinSize(1).ofMaxSize(25);
    }
}
