package dev.crashbench.bench.gate;

import dev.crashbench.recovery.explore.Found;
import java.nio.file.Path;
import dev.crashbench.engine.EngineEvent;
import dev.crashbench.engine.Optimization;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The gate's answer for one configuration.
 *
 * @param engine        the configuration's name
 * @param verdict       COUNTED or REJECTED (NOT_GATED when the gate did not run)
 * @param stages        what each stage did, in order (the stages after a violation do not run)
 * @param found         the violation, or null
 * @param replayFile    where its replay file was written, or null
 * @param unsafeOptions the {@code unsafe_*} options the configuration switches on
 * @param events        how often each engine event happened across the stages that ran (never counted: absent)
 * @param unexercised   the optimizations switched on whose {@code exercisedBy} event never happened
 */
public record GateResult(String engine, Verdict verdict, List<StageOutcome> stages, Found found, Path replayFile,
                         List<String> unsafeOptions, Map<EngineEvent, Long> events, List<Optimization> unexercised) {

    public GateResult {
        stages = List.copyOf(stages);
        unsafeOptions = List.copyOf(unsafeOptions);
        Map<EngineEvent, Long> copy = new EnumMap<>(EngineEvent.class);
        copy.putAll(events);
        events = Collections.unmodifiableMap(copy);
        unexercised = List.copyOf(unexercised);
    }

    /** A configuration measured without the gate. */
    public static GateResult notGated(String engine) {
        return new GateResult(engine, Verdict.NOT_GATED, List.of(), null, null, List.of(), Map.of(), List.of());
    }

    /** How often {@code event} happened in the gate's workloads. */
    public long count(EngineEvent event) {
        return events.getOrDefault(event, 0L);
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
        if (verdict == Verdict.NOT_EXERCISED) {
            StringBuilder why = new StringBuilder("the campaign found nothing in " + states() + " crash states, but"
                    + " never took the code path of ");
            for (int i = 0; i < unexercised.size(); i++) {
                Optimization o = unexercised.get(i);
                why.append(i == 0 ? "" : ", ").append(o.key()).append(" (").append(o.exercisedBy().name())
                        .append(" counted 0 times)");
            }
            return why.append(": it proves nothing about ").append(unexercised.size() == 1 ? "it" : "them").toString();
        }
        return "the campaign found nothing in " + states() + " crash states";
    }
}
