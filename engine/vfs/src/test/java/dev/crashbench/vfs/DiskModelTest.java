package dev.crashbench.vfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskModelTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -512, 3, 500, 1000, 4095, Integer.MAX_VALUE})
    void sectorSizesThatAreNotPositivePowersOfTwoAreRejected(int sectorSize) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiskModel(sectorSize, 0, false, false));
        assertTrue(e.getMessage().contains("sector size"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"512, 256", "4096, 512", "512, 1000", "512, -4096", "4096, 6144"})
    void atomicUnitsBelowTheSectorOrNotPowersOfTwoAreRejected(int sectorSize, int atomicUnit) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiskModel(sectorSize, atomicUnit, false, false));
        assertTrue(e.getMessage().contains("atomic write unit"), e.getMessage());
    }

    @Test
    void tearUnitIsTheAtomicUnitWhenThereIsOne() {
        assertEquals(512, DiskModel.WORST_CASE.tearUnit());
        assertEquals(4096, DiskModel.SSD_4K.tearUnit());
        assertEquals(16384, new DiskModel(4096, 16384, true, true).tearUnit());
        assertEquals(512, new DiskModel(512, 512, false, false).tearUnit());
    }

    @Test
    void describeSpellsOutEveryGuarantee() {
        assertEquals("sector 512 B, atomic unit none, safe append no, power-safe overwrite no",
                DiskModel.WORST_CASE.describe());
        assertEquals("sector 4096 B, atomic unit 8192 B, safe append yes, power-safe overwrite yes",
                new DiskModel(4096, 8192, true, true).describe());
    }
}
