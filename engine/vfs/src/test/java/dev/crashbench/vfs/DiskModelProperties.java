package dev.crashbench.vfs;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiskModelProperties {

    @Property(tries = 100)
    void everyPowerOfTwoSectorWithALargerPowerOfTwoUnitIsAccepted(
            @ForAll @IntRange(min = 0, max = 16) int sectorShift, @ForAll @IntRange(min = 0, max = 8) int extraShift) {
        int sector = 1 << sectorShift;
        int unit = sector << extraShift;
        DiskModel model = new DiskModel(sector, unit, false, true);
        assertEquals(unit, model.tearUnit());
    }

    @Property(tries = 100)
    void aSectorSizeWithMoreThanOneBitIsRejected(@ForAll @IntRange(min = 1, max = 1 << 20) int sectorSize) {
        Assume.that(Integer.bitCount(sectorSize) != 1);
        assertThrows(IllegalArgumentException.class, () -> new DiskModel(sectorSize, 0, false, false));
    }
}
