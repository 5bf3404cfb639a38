package dev.crashbench.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashbench.engine.Database;
import dev.crashbench.engine.EngineOptions;
import dev.crashbench.engine.ReadTransaction;
import dev.crashbench.engine.WriteTransaction;
import dev.crashbench.faultvfs.Fault;
import dev.crashbench.faultvfs.OpKind;
import dev.crashbench.faultvfs.SimDisk;
import dev.crashbench.faultvfs.SimDiskConfig;
import dev.crashbench.faultvfs.Survival;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A WAL's name found by an open is not necessarily durable: the opening that created it may have
 * failed (or its process died) before the directory sync. The crash explorer found this on the
 * healthy engine: EIO on the new WAL's first {@code size()} failed the open after the create, the
 * next open found the file, took the "it exists" path that never synced the directory, and a
 * power cut then dropped the WAL's name with an acknowledged commit in it.
 */
class WalNameDurabilityTest {
    private static final EngineOptions OPTIONS = EngineOptions.defaults().withWalPreallocatedFrames(4);
    private static final byte[] VALUE = {7, 7, 7};

    @Test
    void aCommitAcknowledgedFromAWalFoundAfterAFailedCreateSurvivesAPowerCut() throws IOException {
        boolean[] fired = {false};
        SimDisk disk = new SimDisk(SimDiskConfig.worstCase(11), context -> {
            if (!fired[0] && context.kind() == OpKind.SIZE && context.path().equals("db-wal")) {
                fired[0] = true;
                return Optional.of(new Fault.IoError());
            }
            return Optional.empty();
        });
        assertThrows(IOException.class, () -> Database.open(disk, "db", OPTIONS),
                "the open that created the WAL fails on its size()");
        assertTrue(fired[0]);
        try (Database database = Database.open(disk, "db", OPTIONS);
             WriteTransaction write = database.beginWrite()) {
            write.createTable("t").put(1, VALUE);
            write.commit();
        }
        SimDisk rebooted = disk.crashImage(new Survival.LoseAll()).disk();
        try (Database recovered = Database.open(rebooted, "db", OPTIONS);
             ReadTransaction read = recovered.beginRead()) {
            assertTrue(read.hasTable("t"), "the acknowledged commit lost its WAL's name to the power cut");
            assertArrayEquals(VALUE, read.table("t").get(1));
        }
    }
}
