package dev.crashbench.bench.gate;

import dev.crashbench.recovery.explore.Found;
import java.nio.file.Path;
import java.util.List;

/**
 * The gate's answer for one configuration.
 *
 * @param engine        the configuration's name
 * @param verdict       COUNTED or REJECTED (NOT_GATED when the gate did not run)
 * @param stages        what each stage did, in order (the stages after a violation do not run)
 * @param found         the violation, or null
 * @param replayFile    where its replay file was written, or null
 * @param unsafeOptions the {@code unsafe_*} options the configuration switches on
 */
public record GateResult(String engine, Verdict verdict, List<StageOutcome> stages, Found found, Path replayFile,
                         List<String> unsafeOptions) {

    public GateResult {
        stages = List.copyOf(stages);
        unsafeOptions = List.copyOf(unsafeOptions);
    }

    /** A configuration measured without the gate. */
    public static GateResult notGated(String engine) {
        return new GateResult(engine, Verdict.NOT_GATED, List.of(), null, null, List.of());
    }

    public long states() {
        return stages.stream().mapToLong(StageOutcome::states).sum();
    }

    public double seconds() {
        return stages.stream().mapToDouble(StageOutcome::seconds).sum();
    }

    /**
     * Whether this rejection is a finding: a configuration with no unsafe option failed the
     * campaign, so the engine itself lost data it had acknowledged (or broke another rule).
     */
    public boolean rejectedSafeConfiguration() {
        return verdict == Verdict.REJECTED && unsafeOptions.isEmpty();
    }

    /** Why the verdict is what it is, in one line. */
    public String reason() {
        if (verdict == Verdict.NOT_GATED) {
            return "not gated";
        }
        if (found != null) {
            return found.violation().describe() + " (found by the " + found.crashCase().tier().key() + " tier"
                    + (found.reproduced() ? "" : "; NOT reproduced on a second run: the simulation is not deterministic")
                    + ")";
        }
        if (verdict == Verdict.REJECTED) {
            return "unsafe option(s) " + String.join(", ", unsafeOptions) + " switched on; the campaign found no"
                    + " violation with these options (the mutation may change nothing at them), but a configuration"
                    + " that is broken on purpose is never counted";
        }
        return "the campaign found nothing in " + states() + " crash states";
    }
}
