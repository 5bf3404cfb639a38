package dev.crashbench.faultvfs;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Everything a disk holds, taken without a step: the live and durable bytes of every name a
 * workload can use, the pending operations, and the step counter (a call on the disk moves it).
 */
record DiskSnapshot(Map<String, byte[]> live, Map<String, byte[]> durable, List<String> pending, int step) {

    static DiskSnapshot of(SimDisk disk) {
        Map<String, byte[]> live = new TreeMap<>();
        Map<String, byte[]> durable = new TreeMap<>();
        for (String name : DiskAction.FILE_NAMES) {
            disk.inspectLive(name).ifPresent(b -> live.put(name, b));
            disk.inspectDurable(name).ifPresent(b -> durable.put(name, b));
        }
        List<String> pending = disk.pendingOps().stream().map(PendingOp::describe).toList();
        return new DiskSnapshot(live, durable, pending, disk.step());
    }

    /** Fails unless {@code now} holds exactly what this snapshot held. */
    void assertUnchanged(DiskSnapshot now, String what) {
        assertEquals(step, now.step, what + ": a call reached the disk");
        assertEquals(pending, now.pending, what + ": pending operations changed");
        assertSameFiles(live, now.live, what + ": live state changed");
        assertSameFiles(durable, now.durable, what + ": durable state changed");
    }

    static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual, String why) {
        assertEquals(expected.keySet(), actual.keySet(), why + ": names");
        for (String name : expected.keySet()) {
            byte[] e = expected.get(name);
            byte[] a = actual.get(name);
            if (!Arrays.equals(e, a)) {
                fail(why + ": " + name + " (" + e.length + " B) differs from " + a.length + " B, first at byte "
                        + Arrays.mismatch(e, a));
            }
        }
    }
}
