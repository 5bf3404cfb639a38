package dev.crashbench.faultvfs;

import dev.crashbench.vfs.Errno;
import dev.crashbench.vfs.ErrnoException;
import dev.crashbench.vfs.MappedRegion;
import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.crashbench.faultvfs.SimDiskTesting.KEEP_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.LOSE_ALL;
import static dev.crashbench.faultvfs.SimDiskTesting.filled;
import static dev.crashbench.faultvfs.SimDiskTesting.newDisk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every call is one numbered step; the trace alone rebuilds and replays a run. */
class TraceTest {
    private static final List<String> PATHS = List.of("d", "d/a", "d/b", "d/c");

    @Test
    void everyCallIsOneStep() throws IOException {
        SimDisk disk = newDisk(FaultPlan.NONE);
        VfsFile f = disk.open("f", OpenOption.CREATE);
        f.write(0, ByteBuffer.wrap(filled(8192, 'x')));
        f.read(0, ByteBuffer.allocate(10));
        f.size();
        f.sync(SyncMode.DATA);
        assertThrows(ErrnoException.class, () -> disk.open("missing"));
        disk.exists("f");
        disk.createDirectory("d");
        disk.list("");
        disk.syncDirectory("");
        f.truncate(4096);
        f.allocate(8192);
        MappedRegion region = f.map(0, 4096);
        region.write(0, ByteBuffer.wrap(filled(10, 'm')));
        region.read(0, ByteBuffer.allocate(10));
        region.sync(0, 10);
        region.close();
        disk.rename("f", "g");
        disk.delete("g");
        f.close();
        f.close(); // closing twice is harmless and not a step

        List<OpKind> expected = List.of(OpKind.OPEN, OpKind.WRITE, OpKind.READ, OpKind.SIZE, OpKind.SYNC,
                OpKind.OPEN, OpKind.EXISTS, OpKind.MKDIR, OpKind.LIST, OpKind.SYNC_DIR, OpKind.TRUNCATE,
                OpKind.ALLOCATE, OpKind.MAP, OpKind.MAPPED_WRITE, OpKind.MAPPED_READ, OpKind.MAPPED_SYNC,
                OpKind.UNMAP, OpKind.RENAME, OpKind.DELETE, OpKind.CLOSE);
        assertEquals(expected, disk.trace().entries().stream().map(TraceEntry::kind).toList());
        assertEquals(expected.size(), disk.step());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(i, disk.trace().get(i).step());
        }
    }

    @Test
    void aTraceEntryRecordsTheCallItsFaultAndItsOutcome() throws IOException {
        SimDiskTesting.ArmedPlan plan = new SimDiskTesting.ArmedPlan();
        SimDisk disk = newDisk(plan);
        VfsFile f = disk.open("f", OpenOption.CREATE, OpenOption.DSYNC); // step 0
        byte[] data = filled(50, 'w');
        plan.armNext(disk, new Fault.ShortWrite(20));
        assertEquals(20, f.write(100, ByteBuffer.wrap(data)));           // step 1
        assertThrows(ErrnoException.class, () -> disk.open("nope"));      // step 2
        disk.rename("f", "g");                                           // step 3

        TraceEntry open = disk.trace().get(0);
        assertEquals(OpKind.OPEN, open.kind());
        assertEquals(List.of(OpenOption.CREATE, OpenOption.DSYNC), open.options());
        assertEquals(Outcome.ok(0), open.outcome());

        TraceEntry write = disk.trace().get(1);
        assertEquals(1, write.step());
        assertEquals(OpKind.WRITE, write.kind());
        assertEquals("f", write.path());
        assertEquals(0, write.handle(), "the handle is named by the step that opened it");
        assertEquals(100, write.offset());
        assertEquals(50, write.length());
        assertArrayEquals(data, write.data(), "the whole write asked for, so a replay can re-ask it");
        assertEquals(new Fault.ShortWrite(20), write.fault());
        assertEquals(Outcome.ok(20), write.outcome());

        TraceEntry failed = disk.trace().get(2);
        assertEquals(Outcome.error(Errno.ENOENT), failed.outcome());
        assertNull(failed.fault());

        TraceEntry rename = disk.trace().get(3);
        assertEquals("f", rename.path());
        assertEquals("g", rename.target());
        assertEquals(Map.of(1, new Fault.ShortWrite(20)), disk.trace().faults());
    }

    /** A fault mix that hits many families in a short run; no power cut, so the run completes. */
    private static final FaultRates RATES = new FaultRates(0.04, 0.1, 0.05, 0.08, 0.08, 0.05, 0.05, 0.15, 0);

    /**
     * A deterministic workload that tolerates every I/O error: its calls depend only on the
     * outcomes of earlier ones. {@code afterCall} runs after each top-level call.
     */
    private static void workload(SimDisk disk, Runnable afterCall) {
        try {
            attempt(() -> disk.createDirectory("d"), afterCall);
            attempt(() -> disk.syncDirectory(""), afterCall);
            VfsFile a = openRetrying(disk, "d/a", afterCall);
            VfsFile b = openRetrying(disk, "d/b", afterCall);
            for (int i = 0; i < 40; i++) {
                int n = i;
                VfsFile target = i % 3 == 0 ? b : a;
                switch (i % 7) {
                    case 0, 3 -> attempt(() -> target.writeFully((n * 700L) % 6000,
                            ByteBuffer.wrap(filled(300 + n * 37, (char) ('A' + n % 26)))), afterCall);
                    case 1 -> attempt(() -> target.sync(SyncMode.DATA), afterCall);
                    case 2 -> attempt(() -> disk.syncDirectory("d"), afterCall);
                    case 4 -> attempt(() -> target.read(n * 100L, ByteBuffer.allocate(500)), afterCall);
                    case 5 -> attempt(() -> target.truncate(5000 - n * 50L), afterCall);
                    default -> attempt(() -> {
                        if (disk.exists("d/c")) {
                            disk.rename("d/c", "d/b");
                        } else {
                            disk.open("d/c", OpenOption.CREATE).close();
                        }
                    }, afterCall);
                }
            }
        } catch (PowerCutException e) {
            // the run ends here
        }
    }

    private interface IoCall {
        void run() throws IOException;
    }

    private static void attempt(IoCall call, Runnable afterCall) {
        try {
            call.run();
        } catch (ErrnoException e) {
            // injected: the workload carries on
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        afterCall.run();
    }

    private static VfsFile openRetrying(SimDisk disk, String path, Runnable afterCall) {
        for (int tries = 0; tries < 20; tries++) {
            try {
                return disk.open(path, OpenOption.CREATE);
            } catch (ErrnoException e) {
                // EIO: try again
            } finally {
                afterCall.run();
            }
        }
        throw new AssertionError("open kept failing");
    }

    /** Everything that must match between the disk at a step and the disk rebuilt for that step. */
    private record State(int step, boolean cut, String pending, Map<String, String> durable,
                         Map<String, String> live) {
        static State of(SimDisk disk) {
            StringBuilder pending = new StringBuilder();
            for (PendingOp op : disk.pendingOps()) {
                pending.append(op.describe());
                if (op instanceof PendingOp.Write w) {
                    pending.append(" @").append(w.offset()).append(' ').append(Arrays.hashCode(w.data()));
                }
                pending.append('\n');
            }
            Map<String, String> durable = new TreeMap<>();
            Map<String, String> live = new TreeMap<>();
            for (String path : PATHS) {
                durable.put(path, disk.inspectDurable(path).map(Arrays::toString).orElse("-"));
                live.put(path, disk.inspectLive(path).map(Arrays::toString).orElse("-"));
            }
            return new State(disk.step(), disk.isPowerCut(), pending.toString(), durable, live);
        }
    }

    @Test
    void rebuildBeforeReproducesThePendingListAndTheDurableStateAtEveryStep() {
        SimDisk disk = newDisk(new RandomFaultPlan(11, RATES, 512));
        Map<Integer, State> states = new LinkedHashMap<>();
        states.put(0, State.of(disk));
        workload(disk, () -> states.put(disk.step(), State.of(disk)));
        assertTrue(disk.trace().faults().size() >= 5, "the run must inject faults to test their replay");
        assertTrue(states.containsKey(disk.trace().size()));

        for (Map.Entry<Integer, State> e : states.entrySet()) {
            assertEquals(e.getValue(), State.of(disk.rebuildBefore(e.getKey())), "before step " + e.getKey());
        }
        assertThrows(IllegalArgumentException.class, () -> disk.rebuildBefore(disk.trace().size() + 1));
    }

    @Test
    void rebuildBeforeACutReproducesTheCut() throws IOException {
        SimDisk disk = newDisk(FaultPlans.powerCutAt(2, true));
        VfsFile f = disk.open("f", OpenOption.CREATE);
        f.write(0, ByteBuffer.wrap(filled(10, 'x')));
        assertThrows(PowerCutException.class, () -> f.write(10, ByteBuffer.wrap(filled(10, 'y'))));
        SimDisk rebuilt = disk.rebuildBefore(3);
        assertEquals(State.of(disk), State.of(rebuilt));
        assertTrue(rebuilt.isPowerCut());
        assertArrayEquals(SimDiskTesting.readAll(SimDiskTesting.crash(disk, KEEP_ALL), "f"),
                SimDiskTesting.readAll(SimDiskTesting.crash(rebuilt, KEEP_ALL), "f"));
    }

    @Test
    void aScriptedPlanFromTheTraceReplaysARandomRunByteForByte() throws IOException {
        FaultRates rates = new FaultRates(0.04, 0.1, 0.05, 0.08, 0.08, 0.05, 0.05, 0.15, 0.01);
        SimDisk original = newDisk(new RandomFaultPlan(12345, rates, 512));
        workload(original, () -> { });
        Set<Class<?>> kinds = new HashSet<>();
        original.trace().faults().values().forEach(f -> kinds.add(f.getClass()));
        assertTrue(kinds.size() >= 4, "too few fault kinds to mean anything: " + kinds);

        SimDisk replay = newDisk(ScriptedFaultPlan.fromTrace(original.trace()));
        workload(replay, () -> { });

        assertEquals(original.trace().describe(), replay.trace().describe());
        for (int i = 0; i < original.trace().size(); i++) {
            assertArrayEquals(original.trace().get(i).data(), replay.trace().get(i).data(), "data of step " + i);
        }
        assertEquals(State.of(original), State.of(replay));
        for (Survival survival : List.of(LOSE_ALL, KEEP_ALL, new Survival.Random(5, 0.5, 0.5))) {
            assertEquals(State.of(original.crashImage(survival).disk()), State.of(replay.crashImage(survival).disk()),
                    survival.describe());
        }
    }
}
