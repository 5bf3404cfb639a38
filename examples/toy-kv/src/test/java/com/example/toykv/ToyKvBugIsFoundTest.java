package com.example.toykv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.crashbench.recovery.junit.CrashCampaignFailure;
import dev.crashbench.recovery.oracle.Rule;
import dev.crashbench.recovery.property.CrashPropertyFailure;
import dev.crashbench.recovery.replay.Replays;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The negative controls of {@link ToyKvCrashTest}: with the directory sync forgotten
 * ({@link ToyKvWithTheBug}), the same campaign and the same property fail, naming the rule, the
 * replay file and the command that replays it; the file replays from this test, and the printed
 * command replays it in a fresh JVM.
 */
class ToyKvBugIsFoundTest {

    @Test
    void theCampaignFindsTheForgottenDirectorySync() throws Exception {
        Throwable thrown = onlyFailure(selectMethod(ToyKvWithTheBug.class, "survivesEveryTierAndFaultFamily"));
        CrashCampaignFailure failure = assertInstanceOf(CrashCampaignFailure.class, thrown);
        assertEquals(Rule.PREFIX, failure.found().violation().rule(), failure.getMessage());
        assertTrue(failure.found().reproduced(), failure.getMessage());
        assertTrue(failure.getMessage().contains("replay file: " + failure.replayFile()), failure.getMessage());
        assertReplays(failure.replayFile(), failure.getMessage());
    }

    @Test
    void thePropertyFindsTheForgottenDirectorySync() throws Exception {
        Throwable thrown = onlyFailure(selectMethod(ToyKvWithTheBug.class, "survivesPowerCuts",
                "dev.crashbench.recovery.workload.Workload, dev.crashbench.recovery.property.FaultDraw"));
        CrashPropertyFailure failure = assertInstanceOf(CrashPropertyFailure.class, thrown);
        assertEquals(Rule.PREFIX, failure.outcome().violation().rule(), failure.getMessage());
        assertReplays(failure.replayFile(), failure.getMessage());
    }

    private static Throwable onlyFailure(DiscoverySelector selector) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selector).build(), listener);
        List<TestExecutionSummary.Failure> failures = listener.getSummary().getFailures();
        assertEquals(1, failures.size(), "the buggy engine's test fails");
        return failures.get(0).getException();
    }

    /** The failure names the command; the file replays here, and the command replays it in a fresh JVM. */
    private static void assertReplays(Path replayFile, String message) throws Exception {
        assertTrue(Files.isRegularFile(replayFile), message);
        String command = Replays.commandLine(replayFile);
        assertTrue(message.contains(command), message);
        assertEquals("REPRODUCED (identical)", Replays.replay(replayFile).verdict());

        Process replay = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        replay.getInputStream().transferTo(output);
        String printed = output.toString(StandardCharsets.UTF_8);
        assertEquals(1, replay.waitFor(), printed);
        assertTrue(printed.contains("verdict: REPRODUCED (identical)"), printed);
    }
}
