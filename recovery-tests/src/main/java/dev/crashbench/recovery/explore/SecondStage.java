package dev.crashbench.recovery.explore;

import dev.crashbench.faultvfs.OpFate;
import java.util.List;

/**
 * What the compound tier does to the first crash image: a power cut during recovery, a power cut
 * during the first checkpoint after recovery, or an I/O error during recovery.
 *
 * @param kind   which
 * @param faults the faults of the image's disk (the cut or the error, at a step of that disk)
 * @param fates  for a cut, the fate of each operation pending on the image's disk at that cut;
 *               empty for an I/O error
 */
public record SecondStage(Kind kind, List<StepFault> faults, List<OpFate> fates) {

    public enum Kind { RECOVERY_CUT, CHECKPOINT_CUT, RECOVERY_IO_ERROR }

    public SecondStage {
        if (kind == null) {
            throw new IllegalArgumentException("a second stage needs a kind");
        }
        faults = List.copyOf(faults);
        fates = List.copyOf(fates);
    }
}
