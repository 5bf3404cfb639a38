package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.PendingOp;
import dev.crashbench.faultvfs.SectorFate;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.faultvfs.TornWrite;
import dev.crashbench.vfs.DiskModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bounded survival patterns the exhaustive tier tries at each cut: lose all, keep all, every
 * in-order prefix, every "all but one", and every single torn write torn at each unit boundary
 * (new units then old ones, old then new, and one garbage unit between new and old), with older
 * operations kept and newer ones lost.
 */
public final class SurvivalPatterns {
    private SurvivalPatterns() {
    }

    public static List<Survival> enumerate(List<PendingOp> pending, DiskModel model) {
        int n = pending.size();
        List<Survival> out = new ArrayList<>();
        out.add(new Survival.LoseAll());
        if (n == 0) {
            return out;
        }
        out.add(new Survival.KeepAll());
        for (int prefix = 1; prefix < n; prefix++) {
            out.add(new Survival.KeepPrefix(prefix));
        }
        if (n >= 2) {
            for (int omitted = 0; omitted < n - 1; omitted++) {
                Set<Integer> kept = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (i != omitted) {
                        kept.add(i);
                    }
                }
                out.add(new Survival.KeepSubset(kept));
            }
        }
        boolean garbage = TornWrite.possibleFates(model, true).contains(SectorFate.GARBAGE);
        for (int i = 0; i < n; i++) {
            if (pending.get(i) instanceof PendingOp.Write write) {
                for (List<SectorFate> units : tears(TornWrite.unitCount(write, model), garbage)) {
                    out.add(new Survival.TearOne(i, units));
                }
            }
        }
        return out;
    }

    /** The unit patterns of one torn write of {@code units} units. */
    static List<List<SectorFate>> tears(int units, boolean garbage) {
        List<List<SectorFate>> out = new ArrayList<>();
        for (int b = 1; b < units; b++) {
            out.add(run(SectorFate.NEW, b, SectorFate.OLD, units - b));
            out.add(run(SectorFate.OLD, b, SectorFate.NEW, units - b));
        }
        if (garbage) {
            for (int g = 0; g < units; g++) {
                List<SectorFate> p = new ArrayList<>(Collections.nCopies(g, SectorFate.NEW));
                p.add(SectorFate.GARBAGE);
                p.addAll(Collections.nCopies(units - g - 1, SectorFate.OLD));
                out.add(p);
            }
        }
        return out;
    }

    private static List<SectorFate> run(SectorFate first, int count, SectorFate second, int rest) {
        List<SectorFate> p = new ArrayList<>(Collections.nCopies(count, first));
        p.addAll(Collections.nCopies(rest, second));
        return p;
    }
}
