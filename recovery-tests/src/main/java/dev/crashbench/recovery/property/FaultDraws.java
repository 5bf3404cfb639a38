package dev.crashbench.recovery.property;

import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.explore.FaultFamily;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries of {@link FaultDraw}s, one per fault family. A rate shrinks toward 0 (fewer
 * faults), a cut toward the start of the run, a pattern toward "lose all".
 *
 * <p>The highest rate of each family is set so that, in a workload of the default shape (about
 * 75 steps), the family strikes 0 to 3 times (measured: the steps where a fault can strike differ
 * a lot, a sync error only at a sync, an I/O error almost anywhere).
 */
public final class FaultDraws {
    private static final Map<FaultFamily, Double> MAX_RATE = new EnumMap<>(Map.of(
            FaultFamily.POWER, 0.0, // the family's only fault is the drawn cut
            FaultFamily.LYING_SYNC, 0.35,
            FaultFamily.SYNC_ERROR, 0.35,
            FaultFamily.IO_ERROR, 0.08,
            FaultFamily.SHORT_WRITE, 0.2,
            FaultFamily.NO_SPACE, 0.6,
            FaultFamily.BIT_ROT, 0.12,
            FaultFamily.MISDIRECTED, 0.2,
            FaultFamily.EARLY_WRITE_BACK, 0.16));

    private FaultDraws() {
    }

    public static Arbitrary<FaultDraw> of(FaultFamily family) {
        return Combinators.combine(Arbitraries.just(family), Arbitraries.longs(), Arbitraries.doubles().between(0, MAX_RATE.get(family)),
                cuts(), Arbitraries.of(false, true), crashes(family)).as(FaultDraw::new);
    }

    /** One cut in four after the last op, where every fault of the run has had its effect; the rest anywhere. */
    private static Arbitrary<Double> cuts() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.doubles().between(0, 1)),
                Tuple.of(1, Arbitraries.just(1.0)));
    }

    /**
     * A power cut loses, keeps, reorders and tears what is pending; the other families are judged
     * after a clean cut (lose all or keep all), so their own faults are the only damage.
     */
    private static Arbitrary<CrashDraw> crashes(FaultFamily family) {
        Arbitrary<CrashDraw> clean = Arbitraries.of(new CrashDraw.Policy(new Survival.LoseAll()),
                new CrashDraw.Policy(new Survival.KeepAll()));
        if (family != FaultFamily.POWER) {
            return clean;
        }
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 1).ofScale(4).filter(p -> p < 1).map(CrashDraw.Pattern::new),
                Combinators.combine(Arbitraries.longs(), Arbitraries.doubles().between(0, 1),
                        Arbitraries.doubles().between(0, 0.5)).as((seed, keep, tear) ->
                        new CrashDraw.Policy(new Survival.Random(seed, keep, tear))));
    }
}
