package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.FaultRates;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The fault families a campaign can be limited to ({@code --faults}). */
public enum FaultFamily {
    POWER("power cuts: unsynced writes lost, reordered or torn, directory entries lost (metadata)"),
    LYING_SYNC("syncs that return OK and persist nothing"),
    SYNC_ERROR("syncs that fail with EIO and drop the pending pages (fsyncgate)"),
    IO_ERROR("EIO on reads, writes, truncates and path calls"),
    SHORT_WRITE("writes that store only part of their bytes"),
    NO_SPACE("ENOSPC while the disk is full"),
    BIT_ROT("durable bytes that flip"),
    MISDIRECTED("writes that land at another offset"),
    EARLY_WRITE_BACK("pending writes made durable early, in any order");

    private final String description;

    FaultFamily(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name used on the command line and in files: {@code lying-sync}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a comma-separated list of family keys, or {@code all}. */
    public static Set<FaultFamily> parse(String text) {
        Set<FaultFamily> out = EnumSet.noneOf(FaultFamily.class);
        for (String part : text.split(",")) {
            String key = part.trim().toLowerCase(Locale.ROOT);
            if (key.equals("all")) {
                out.addAll(EnumSet.allOf(FaultFamily.class));
                continue;
            }
            FaultFamily found = null;
            for (FaultFamily f : values()) {
                if (f.key().equals(key)) {
                    found = f;
                }
            }
            if (found == null) {
                List<String> known = new ArrayList<>();
                for (FaultFamily f : values()) {
                    known.add(f.key());
                }
                throw new IllegalArgumentException("unknown fault family '" + part.trim() + "'; known: all, "
                        + String.join(", ", known));
            }
            out.add(found);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no fault family given");
        }
        return out;
    }

    /** {@code rates} with every family outside {@code enabled} switched off. */
    public static FaultRates restrict(FaultRates rates, Set<FaultFamily> enabled) {
        return new FaultRates(
                enabled.contains(IO_ERROR) ? rates.ioError() : 0,
                enabled.contains(SHORT_WRITE) ? rates.shortWrite() : 0,
                enabled.contains(NO_SPACE) ? rates.noSpace() : 0,
                enabled.contains(LYING_SYNC) ? rates.lyingSync() : 0,
                enabled.contains(SYNC_ERROR) ? rates.syncError() : 0,
                enabled.contains(BIT_ROT) ? rates.bitRot() : 0,
                enabled.contains(MISDIRECTED) ? rates.misdirected() : 0,
                enabled.contains(EARLY_WRITE_BACK) ? rates.earlyWriteBack() : 0,
                enabled.contains(POWER) ? rates.powerCut() : 0);
    }
}
