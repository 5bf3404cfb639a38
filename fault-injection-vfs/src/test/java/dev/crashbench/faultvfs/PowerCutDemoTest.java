package dev.crashbench.faultvfs;

import dev.crashbench.vfs.OpenOption;
import dev.crashbench.vfs.SyncMode;
import dev.crashbench.vfs.VfsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo's record format, and its checker: it must reject torn and missing records. */
class PowerCutDemoTest {
    private static final int SIZE = 64;

    @Test
    void aRecordHoldsItsIndexItsChecksumAndItsPayloadAtTheDocumentedOffsets() {
        byte[] record = PowerCutDemo.encode(5, SIZE);
        ByteBuffer b = ByteBuffer.wrap(record);
        assertEquals(SIZE, record.length);
        assertEquals(5, b.getInt(PowerCutDemo.OFFSET_INDEX));
        assertEquals("record 5", new String(record, PowerCutDemo.OFFSET_PAYLOAD, 8, StandardCharsets.US_ASCII));
        CRC32C crc = new CRC32C();
        crc.update(record, 0, PowerCutDemo.OFFSET_CRC);
        crc.update(record, PowerCutDemo.OFFSET_PAYLOAD, SIZE - PowerCutDemo.OFFSET_PAYLOAD);
        assertEquals((int) crc.getValue(), b.getInt(PowerCutDemo.OFFSET_CRC));
    }

    @Test
    void theCheckerCountsIntactRecordsAndRejectsATornOne() throws IOException {
        SimDisk disk = log(PowerCutDemo.encode(0, SIZE), PowerCutDemo.encode(1, SIZE), torn(PowerCutDemo.encode(2, SIZE)),
                PowerCutDemo.encode(3, SIZE));
        PowerCutDemo.PolicyResult r = PowerCutDemo.inspect(disk, "test", 3, SIZE);
        assertEquals(2, r.intactRecords());
        assertEquals("#2 (torn: checksum mismatch)", r.firstProblem());
        assertEquals(1, r.acknowledgedLost());
    }

    @Test
    void theCheckerTellsAMissingRecordAndAShortTail() throws IOException {
        PowerCutDemo.PolicyResult zeros = PowerCutDemo.inspect(
                log(PowerCutDemo.encode(0, SIZE), new byte[SIZE]), "test", 1, SIZE);
        assertEquals(1, zeros.intactRecords());
        assertEquals("#1 (zeros: not written)", zeros.firstProblem());
        assertEquals(0, zeros.acknowledgedLost());
        PowerCutDemo.PolicyResult shortTail = PowerCutDemo.inspect(
                log(PowerCutDemo.encode(0, SIZE), new byte[10]), "test", 1, SIZE);
        assertEquals("#1 (short: 10 B)", shortTail.firstProblem());
    }

    private static byte[] torn(byte[] record) {
        record[SIZE - 1] ^= 0x40;
        return record;
    }

    private static SimDisk log(byte[]... records) throws IOException {
        SimDisk disk = new SimDisk(1);
        VfsFile f = disk.open(PowerCutDemo.LOG, OpenOption.CREATE);
        long at = 0;
        for (byte[] r : records) {
            f.writeFully(at, ByteBuffer.wrap(r));
            at += r.length;
        }
        f.sync(SyncMode.DATA);
        disk.syncDirectory("");
        return disk;
    }
}
