package dev.crashbench.faultvfs;

import dev.crashbench.vfs.DiskModel;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies a write that a power cut interrupted, one tear unit at a time.
 *
 * <p>The tear unit is {@link DiskModel#tearUnit()}: a sector, or the atomic write unit when the
 * device has one. Units are aligned to the file, so a 100-byte write at offset 500 on a 512-byte
 * sector disk overlaps units 0 and 1. For each unit:
 * <ul>
 *   <li>{@link SectorFate#NEW}: the written bytes of the unit land;</li>
 *   <li>{@link SectorFate#OLD}: nothing of the unit lands;</li>
 *   <li>{@link SectorFate#GARBAGE}: the written bytes of the unit become garbage and, on a device
 *       without power-safe overwrite, so do the unit's bytes the write did not cover;</li>
 *   <li>{@link SectorFate#ZERO}: the written bytes of the unit read as zeros.</li>
 * </ul>
 * The file grows to the end of the last unit that is not OLD (the units in between read as
 * zeros, which is what a file system without safe append shows after a cut). With safe append
 * the size only grows over the run of NEW units that starts at the old end of the file, and
 * nothing past that run lands.
 */
public final class TornWrite {
    private TornWrite() {
    }

    /** How many tear units {@code write} overlaps on a device of {@code model}. */
    public static int unitCount(PendingOp.Write write, DiskModel model) {
        if (write.data().length == 0) {
            return 0;
        }
        long unit = model.tearUnit();
        long first = write.offset() / unit;
        long last = (write.end() - 1) / unit;
        return (int) (last - first + 1);
    }

    static void apply(DiskState durable, PendingOp.Write write, List<SectorFate> fates, DiskModel model,
                      long garbageSeed) {
        int units = unitCount(write, model);
        if (fates.size() != units) {
            throw new IllegalArgumentException("torn write " + write.describe() + " overlaps " + units
                    + " units but " + fates.size() + " fates were given");
        }
        FileImage image = durable.file(write.fileId());
        long oldSize = image.size();
        int unit = model.tearUnit();
        long firstUnitStart = write.offset() / unit * unit;
        long appendLimit = model.safeAppend() ? safeAppendLimit(write, fates, unit, oldSize) : Long.MAX_VALUE;
        // A device never grows a file past what the write's size change asked for (see Write.sizeEnd).
        appendLimit = Math.min(appendLimit, Math.max(oldSize, write.sizeEnd()));
        for (int i = 0; i < units; i++) {
            long unitStart = firstUnitStart + (long) i * unit;
            checkAllowed(fates.get(i), model, unitStart < oldSize, write);
            long from = Math.max(unitStart, write.offset());
            long to = Math.min(unitStart + unit, write.end());
            to = Math.min(to, appendLimit);
            if (from >= to) {
                continue;
            }
            switch (fates.get(i)) {
                case OLD -> {
                }
                case NEW -> image.write(from, write.data(), (int) (from - write.offset()), (int) (to - write.offset()));
                case GARBAGE -> {
                    long garbageFrom = from;
                    long garbageTo = to;
                    if (!model.powersafeOverwrite()) {
                        // The whole unit was being rewritten; bytes the write did not cover are
                        // damaged too, but only where the file already had them.
                        garbageFrom = unitStart;
                        garbageTo = Math.max(to, Math.min(unitStart + unit, oldSize));
                    }
                    byte[] junk = garbage(garbageSeed, write.step(), i, (int) (garbageTo - garbageFrom));
                    image.write(garbageFrom, junk, 0, junk.length);
                }
                case ZERO -> {
                    byte[] zeros = new byte[(int) (to - from)];
                    image.write(from, zeros, 0, zeros.length);
                }
            }
        }
    }

    private static void checkAllowed(SectorFate fate, DiskModel model, boolean insideOldFile, PendingOp.Write write) {
        if (!isPossible(fate, model, insideOldFile)) {
            throw new IllegalArgumentException(fate + " is impossible for a unit of " + write.describe()
                    + " on a device with " + model.describe());
        }
    }

    /**
     * The unit fates a device of {@code model} can produce for a unit inside or past the old end
     * of the file. A device with an atomic write unit writes each unit whole or not at all: no
     * garbage, and no zeros where the file already had data; past the old end a unit may still
     * read as zeros (the size landed, the data did not) unless appends are safe.
     */
    public static List<SectorFate> possibleFates(DiskModel model, boolean insideOldFile) {
        boolean atomic = model.atomicWriteUnit() != 0;
        List<SectorFate> out = new java.util.ArrayList<>(List.of(SectorFate.OLD, SectorFate.NEW));
        if (!atomic) {
            out.add(SectorFate.GARBAGE);
        }
        if (!atomic || (!insideOldFile && !model.safeAppend())) {
            out.add(SectorFate.ZERO);
        }
        return out;
    }

    /** Whether {@code fate} is among {@link #possibleFates}, without building the list (checked per unit of every tear). */
    private static boolean isPossible(SectorFate fate, DiskModel model, boolean insideOldFile) {
        boolean atomic = model.atomicWriteUnit() != 0;
        return switch (fate) {
            case OLD, NEW -> true;
            case GARBAGE -> !atomic;
            case ZERO -> !atomic || (!insideOldFile && !model.safeAppend());
        };
    }

    /** With safe append, the end of the run of NEW units that starts at the old end of the file. */
    private static long safeAppendLimit(PendingOp.Write write, List<SectorFate> fates, int unit, long oldSize) {
        long limit = Math.max(oldSize, write.offset());
        if (write.offset() > oldSize) {
            // The write leaves a gap; the size would cover it before any data: nothing past the end lands.
            return oldSize;
        }
        long firstUnitStart = write.offset() / unit * unit;
        for (int i = 0; i < fates.size(); i++) {
            long unitStart = firstUnitStart + (long) i * unit;
            long unitEnd = Math.min(unitStart + unit, write.end());
            if (unitEnd <= oldSize) {
                continue;
            }
            if (fates.get(i) != SectorFate.NEW) {
                break;
            }
            limit = unitEnd;
        }
        return limit;
    }

    /** Deterministic garbage for unit {@code unitIndex} of the write issued at {@code step}. */
    static byte[] garbage(long seed, int step, int unitIndex, int length) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, step, unitIndex));
        byte[] junk = new byte[length];
        random.nextBytes(junk);
        return junk;
    }
}
