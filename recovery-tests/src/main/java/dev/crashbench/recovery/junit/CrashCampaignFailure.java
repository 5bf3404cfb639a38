package dev.crashbench.recovery.junit;

import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.replay.Replays;
import java.nio.file.Path;

/**
 * A crash campaign's violation as a test failure. The message gives the rule and what broke it,
 * the replay file, and the one command that replays the file with the test's class path (the
 * user's engine is on it, where {@code crashbench replay} would not find it).
 */
public final class CrashCampaignFailure extends AssertionError {
    private final transient Found found;
    private final transient Path replayFile;

    CrashCampaignFailure(String campaign, Found found, Path replayFile) {
        super(campaign + " broke rule " + found.violation().rule() + ": " + found.violation().describe()
                + (found.reproduced() ? "" : "\n  NOT reproduced by running the case again: the simulation was not"
                + " deterministic (does the engine read the clock, a static field or a thread?)")
                + "\n  replay file: " + replayFile
                + "\n  replay it:   " + Replays.commandLine(replayFile));
        this.found = found;
        this.replayFile = replayFile;
    }

    /** The violation and its case. */
    public Found found() {
        return found;
    }

    public Path replayFile() {
        return replayFile;
    }
}
