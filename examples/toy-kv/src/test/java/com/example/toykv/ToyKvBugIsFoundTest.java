package com.example.toykv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.crashbench.recovery.junit.CrashCampaignFailure;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.replay.Replays;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The negative control of {@link ToyKvCrashTest}: with the directory sync forgotten, the same
 * campaign fails, naming the rule, the replay file and the command that replays it; the file
 * replays from this test and the printed command replays it in a fresh JVM.
 */
class ToyKvBugIsFoundTest {

    @Test
    void theForgottenDirectorySyncIsFoundAndItsReplayFileReplays() throws Exception {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ToyKvWithTheBug.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        List<TestExecutionSummary.Failure> failures = listener.getSummary().getFailures();
        assertEquals(1, failures.size(), "the buggy campaign fails");
        CrashCampaignFailure failure = assertInstanceOf(CrashCampaignFailure.class, failures.get(0).getException());
        assertEquals(Rule.PREFIX, failure.found().violation().rule(), failure.getMessage());
        assertTrue(failure.found().reproduced(), failure.getMessage());
        assertTrue(Files.isRegularFile(failure.replayFile()), failure.getMessage());
        String command = Replays.commandLine(failure.replayFile());
        assertTrue(failure.getMessage().contains("replay file: " + failure.replayFile()), failure.getMessage());
        assertTrue(failure.getMessage().contains("replay it:   " + command), failure.getMessage());

        Replays.Outcome outcome = Replays.replay(failure.replayFile());
        assertEquals("REPRODUCED (identical)", outcome.verdict());

        Process replay = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        replay.getInputStream().transferTo(output);
        String printed = output.toString(StandardCharsets.UTF_8);
        assertEquals(1, replay.waitFor(), printed);
        assertTrue(printed.contains("verdict: REPRODUCED (identical)"), printed);
    }
}
