package dev.crashbench.recovery.property;

import dev.crashbench.recovery.replay.Replays;
import java.nio.file.Path;

/**
 * A crash property's failure: the judged try and the replay file written for its case. The
 * message names the rule, the violation and the file, so jqwik's report of the shrunk sample
 * says which file replays it.
 */
public final class CrashPropertyFailure extends AssertionError {
    private final transient FaultFamilyTrial.Outcome outcome;
    private final transient Path replayFile;

    public CrashPropertyFailure(String suite, FaultFamilyTrial.Outcome outcome, Path replayFile) {
        super(suite + ": " + outcome.violation().describe() + "\n  " + outcome.crashCase().runFaults().size()
                + " fault(s) over " + outcome.crashCase().workload().size() + " ops; replay file: " + replayFile
                + "\n  replay it: " + Replays.commandLine(replayFile));
        this.outcome = outcome;
        this.replayFile = replayFile;
    }

    /** The failing try: its case and its violation. */
    public FaultFamilyTrial.Outcome outcome() {
        return outcome;
    }

    public Path replayFile() {
        return replayFile;
    }
}
