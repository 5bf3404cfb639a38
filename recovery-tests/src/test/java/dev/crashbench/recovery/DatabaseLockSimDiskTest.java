package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.DatabaseLockedException;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.faultvfs.FaultPlan;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.faultvfs.TraceEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database lock on SimDisk: a second engine on the running machine is refused, and a power
 * cut leaves no lock, so the rebooted disk opens with every acknowledged commit.
 */
class DatabaseLockSimDiskTest {
    private static final String DB = "db";
    private static final byte[] VALUE = "acknowledged".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSecondEngineIsRefusedAndACutLeavesNoLock() throws IOException {
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(7), FaultPlan.NONE);
        Database running = Database.open(disk, DB);
        try (WriteTransaction tx = running.beginWrite()) {
            tx.createTable("t").put(1, VALUE);
            tx.commit();
        }
        int step = disk.step();
        DatabaseLockedException refused = assertThrows(DatabaseLockedException.class, () -> Database.open(disk, DB));
        assertEquals(DB, refused.path());
        assertEquals(List.of(OpKind.EXISTS, OpKind.OPEN, OpKind.CLOSE),
                disk.trace().entries().subList(step, disk.step()).stream().map(TraceEntry::kind).toList(),
                "the refused open read nothing of the files");

        disk.cutPower(); // the running engine is never closed: its process died with the power
        SimDisk rebooted = disk.crashImage(new Survival.LoseAll()).disk();
        try (Database recovered = Database.open(rebooted, DB); ReadTransaction read = recovered.beginRead()) {
            assertArrayEquals(VALUE, read.table("t").get(1));
        }
    }
}
