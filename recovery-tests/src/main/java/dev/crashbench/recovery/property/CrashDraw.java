package dev.crashbench.recovery.property;

import dev.crashbench.faultvfs.PendingOp;
import dev.crashbench.faultvfs.Survival;
import dev.crashbench.recovery.explore.SurvivalPatterns;
import dev.crashbench.vfs.DiskModel;
import java.util.List;

/**
 * What survives a property's power cut: a policy fixed in advance (lose all, keep all, a random
 * keep-and-tear draw), or one of the exhaustive tier's bounded patterns of the operations pending
 * at the cut ({@link SurvivalPatterns}: prefixes, all but one, one write torn at a unit boundary),
 * chosen by its position in that list since the list is only known at the cut.
 */
public sealed interface CrashDraw {

    Survival survival(List<PendingOp> pending, DiskModel model);

    /** A policy that does not depend on what is pending. */
    public record Policy(Survival survival) implements CrashDraw {
        public Survival survival(List<PendingOp> pending, DiskModel model) {
            return survival;
        }
    }

    /** The bounded pattern at {@code position} (0 is the first, lose all; toward 1, torn writes) of the pending ops. */
    public record Pattern(double position) implements CrashDraw {
        public Pattern {
            if (!(position >= 0 && position < 1)) {
                throw new IllegalArgumentException("a pattern position is in [0, 1): " + position);
            }
        }

        public Survival survival(List<PendingOp> pending, DiskModel model) {
            List<Survival> patterns = SurvivalPatterns.enumerate(pending, model);
            return patterns.get((int) (position * patterns.size()));
        }
    }
}
